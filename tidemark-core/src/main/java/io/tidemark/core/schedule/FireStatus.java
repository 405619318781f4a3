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
  TIMED_OUT,
  /**
   * Someone cancelled its run (through the API): the run ends interrupted and, unlike a run a
   * stopping server interrupts, is not resumed. What it did not build is left for a backfill.
   */
  CANCELLED,
  /**
   * It was waiting for its inputs when its schedule's next fire came due; that fire took its window
   * over and builds its partitions too, so waiting fires of a schedule do not pile up.
   */
  SUPERSEDED;

  public boolean isOpen() {
    return this == WAITING || this == RUNNING;
  }
}
