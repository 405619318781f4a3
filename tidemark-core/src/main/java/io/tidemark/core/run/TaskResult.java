package io.tidemark.core.run;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.plan.Task;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import java.util.List;

/**
 * How one attempt at a task ended.
 *
 * @param message the error of a failed attempt or the reason of a skipped task; empty otherwise
 * @param willRetry whether the task will be attempted again
 * @param warnings what warn-level checks found on the partition written, one line each
 */
public record TaskResult(
    Task task,
    TaskStatus status,
    int attempt,
    String message,
    TaskStatistics statistics,
    boolean willRetry,
    List<String> warnings) {
  public TaskResult {
    requireNonNull(task, "task is null");
    requireNonNull(status, "status is null");
    requireNonNull(message, "message is null");
    requireNonNull(statistics, "statistics is null");
    warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
  }

  /** A result without check warnings. */
  public TaskResult(
      Task task,
      TaskStatus status,
      int attempt,
      String message,
      TaskStatistics statistics,
      boolean willRetry) {
    this(task, status, attempt, message, statistics, willRetry, List.of());
  }
}
