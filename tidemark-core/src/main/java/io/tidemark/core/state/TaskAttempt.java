package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import java.time.Instant;
import java.util.Optional;

/**
 * One attempt at one task. Skipped tasks are recorded as attempts too, so a run's record says what
 * happened to every task in its plan.
 *
 * @param partition the partition key's text form ({@code 2024-03-05}, {@code all})
 * @param attempt 1 for the first try, 2 for the first retry, …
 * @param endedAt null while running
 * @param message the error of a failed attempt, the reason of a skipped one; empty otherwise
 * @param dataVersion the data version written; empty unless succeeded
 */
public record TaskAttempt(
    long id,
    long runId,
    AssetName asset,
    String partition,
    int attempt,
    TaskStatus status,
    Instant startedAt,
    Instant endedAt,
    String message,
    TaskStatistics statistics,
    String dataVersion) {
  public TaskAttempt {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(status, "status is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(message, "message is null");
    requireNonNull(statistics, "statistics is null");
    requireNonNull(dataVersion, "dataVersion is null");
  }

  public Optional<Instant> ended() {
    return Optional.ofNullable(endedAt);
  }
}
