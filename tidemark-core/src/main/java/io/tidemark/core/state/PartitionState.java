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
 * @param contentHash the content hash of the rows the write left in the partition, as the warehouse
 *     computed it in the write ({@link io.tidemark.core.warehouse.WriteResult#contentHash}); empty
 *     when none was recorded: a source, a view, an engine that computes none, or a partition
 *     written before content hashes were recorded, which {@code verify} compares by row count alone
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
    String contentHash,
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
    requireNonNull(contentHash, "contentHash is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  /** A state with no content hash recorded. */
  public PartitionState(
      AssetName asset,
      String partition,
      PartitionStatus status,
      String dataVersion,
      String codeVersion,
      String inputVersion,
      TaskStatistics statistics,
      long runId,
      Instant updatedAt) {
    this(
        asset,
        partition,
        status,
        dataVersion,
        codeVersion,
        inputVersion,
        statistics,
        "",
        runId,
        updatedAt);
  }

  /** This state with another status, as of {@code at}; what the write recorded stays. */
  public PartitionState marked(PartitionStatus newStatus, Instant at) {
    return new PartitionState(
        asset,
        partition,
        newStatus,
        dataVersion,
        codeVersion,
        inputVersion,
        statistics,
        contentHash,
        runId,
        at);
  }
}
