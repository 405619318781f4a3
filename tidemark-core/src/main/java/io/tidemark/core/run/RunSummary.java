package io.tidemark.core.run;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.state.RunStatus;
import java.time.Duration;
import java.util.List;

/**
 * What a run did, in numbers.
 *
 * @param notRun tasks never attempted because the run was interrupted
 * @param failures the final result of each task that failed or was skipped
 */
public record RunSummary(
    long runId,
    RunStatus status,
    int tasks,
    int succeeded,
    int failed,
    int skipped,
    int notRun,
    int retries,
    long rows,
    Duration elapsed,
    List<TaskResult> failures) {
  public RunSummary {
    requireNonNull(status, "status is null");
    requireNonNull(elapsed, "elapsed is null");
    failures = List.copyOf(requireNonNull(failures, "failures is null"));
  }
}
