package io.tidemark.core.run;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.project.ProjectConfig;
import java.time.Duration;

/**
 * How a run executes.
 *
 * @param threads tasks at once
 * @param retries further attempts after a failure
 * @param retryBackoff wait before the first retry; doubles for each further retry
 */
public record RunOptions(int threads, int retries, Duration retryBackoff) {
  public RunOptions {
    requireNonNull(retryBackoff, "retryBackoff is null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries cannot be negative");
    }
  }

  /**
   * The project's settings: {@code run.threads}, {@code run.retries}, {@code run.retry_backoff}.
   */
  public static RunOptions of(ProjectConfig config) {
    return new RunOptions(config.threads(), config.retries(), config.retryBackoff());
  }

  public RunOptions withThreads(int threads) {
    return new RunOptions(threads, retries, retryBackoff);
  }

  public RunOptions withRetries(int retries) {
    return new RunOptions(threads, retries, retryBackoff);
  }

  public Duration backoff(int failedAttempt) {
    return retryBackoff.multipliedBy(1L << Math.min(failedAttempt - 1, 16));
  }
}
