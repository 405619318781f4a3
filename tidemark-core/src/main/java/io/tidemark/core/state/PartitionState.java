package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import java.time.Instant;

/**
 * The stored state of one partition of one asset.
 *
 * @param partition the partition key's text form
 * @param dataVersion a digest of the SQL and of the versions of exactly the partitions it read
 * @param codeVersion a digest of the model definition that wrote it
 * @param inputVersion a digest of the versions of the partitions it read; when recomputing it gives
 *     another value, the partition is stale
 * @param statistics what the last successful write cost
 * @param runId the run that last wrote (or failed to write) it
 */
public record PartitionState(
    AssetName asset,
    String partition,
    PartitionStatus status,
    String dataVersion,
    String codeVersion,
    String inputVersion,
    TaskStatistics statistics,
    long runId,
    Instant updatedAt) {
  public PartitionState {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(status, "status is null");
    requireNonNull(dataVersion, "dataVersion is null");
    requireNonNull(codeVersion, "codeVersion is null");
    requireNonNull(inputVersion, "inputVersion is null");
    requireNonNull(statistics, "statistics is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
