package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.util.List;
import java.util.Map;

/**
 * The history use cases: runs and their attempts, incidents, repairs, newest first. They read the
 * state store alone, so the history stays readable while a model of the project is broken.
 */
public final class HistoryService {
  private final StateStore store;

  public HistoryService(StateStore store) {
    this.store = requireNonNull(store, "store is null");
  }

  /** The most recent runs first, at most {@code limit}. */
  public List<Run> runs(int limit) {
    return store.recentRuns(positive(limit));
  }

  /**
   * One run and every attempt in it, in the order they started.
   *
   * @throws TidemarkException {@code NOT_FOUND} for an unknown run
   */
  public RunDetail run(long runId) {
    Run run =
        store
            .findRun(runId)
            .orElseThrow(
                () ->
                    new TidemarkException(
                        ErrorCode.NOT_FOUND, "no run with id " + runId + " (see `tidemark runs`)"));
    return new RunDetail(run, store.attempts(runId), store.attemptLogs(runId));
  }

  /** The most recently reported incidents first, at most {@code limit}. */
  public List<Incident> incidents(int limit) {
    return store.recentIncidents(positive(limit));
  }

  /** The most recently created repairs first, at most {@code limit}, each with its status. */
  public List<Repair> repairs(int limit) {
    return store.recentRepairs(positive(limit));
  }

  private static int positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return limit;
  }

  /**
   * A run with its attempts.
   *
   * @param attempts in the order they started; skipped tasks have attempt number 0
   * @param logs what the attempts printed, by attempt id
   */
  public record RunDetail(Run run, List<TaskAttempt> attempts, Map<Long, String> logs) {
    public RunDetail {
      requireNonNull(run, "run is null");
      attempts = List.copyOf(requireNonNull(attempts, "attempts is null"));
      logs = Map.copyOf(requireNonNull(logs, "logs is null"));
    }

    /** What the attempt printed; empty when it left no log. */
    public String log(TaskAttempt attempt) {
      return logs.getOrDefault(attempt.id(), "");
    }
  }
}
