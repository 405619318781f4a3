package io.tidemark.core.schedule;

/** Where a fire of a schedule is. */
public enum FireStatus {
  /** Recorded; waits for other pipelines, for its inputs, or for its schedule's previous fire. */
  WAITING,
  /** Its run was started. */
  RUNNING,
  SUCCEEDED,
  /** Its run failed, or could not be planned. */
  FAILED,
  /** It waited longer than the schedule's wait timeout and gave up. */
  TIMED_OUT;

  public boolean isOpen() {
    return this == WAITING || this == RUNNING;
  }
}
