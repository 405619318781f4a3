package io.tidemark.core.state;

/** The state of a run as a whole. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  /** Finished, but at least one task failed or was skipped because of a failure. */
  FAILED,
  /** Stopped before it finished: Ctrl-C, kill, a crash. Running again completes it. */
  INTERRUPTED;

  public boolean isFinished() {
    return this != RUNNING;
  }
}
