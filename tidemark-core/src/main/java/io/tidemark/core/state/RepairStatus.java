package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

/**
 * The state of a repair: that of its latest run, or {@link #PLANNED} before its first. A repair
 * whose latest run failed or was interrupted is completed by running it again.
 */
public enum RepairStatus {
  /** Stored, no run started yet. */
  PLANNED,
  /** Its latest run is {@link RunStatus#RUNNING}. */
  RUNNING,
  /** Its latest run is {@link RunStatus#SUCCEEDED}: every task was rebuilt. */
  SUCCEEDED,
  /** Its latest run is {@link RunStatus#FAILED}: at least one task failed or was skipped. */
  FAILED,
  /** Its latest run is {@link RunStatus#INTERRUPTED}: it stopped before it finished. */
  INTERRUPTED;

  /** The status of a repair whose latest run is in {@code latestRun}. */
  public static RepairStatus following(RunStatus latestRun) {
    requireNonNull(latestRun, "latestRun is null");
    return switch (latestRun) {
      case RUNNING -> RUNNING;
      case SUCCEEDED -> SUCCEEDED;
      case FAILED -> FAILED;
      case INTERRUPTED -> INTERRUPTED;
    };
  }
}
