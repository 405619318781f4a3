package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.PartitionKey;

/**
 * Write the result of {@code selectSql} to {@code target}.
 *
 * <p>For {@link Materialization#INCREMENTAL} the warehouse replaces exactly the rows of {@code
 * partition} (those whose {@code partitioning.column()} falls in the partition's time span) in one
 * transaction, and rejects a result holding rows outside that span. For {@link
 * Materialization#TABLE} and {@link Materialization#VIEW} it replaces the relation atomically.
 *
 * @param generation the run writing; a write that creates an incremental table records it on the
 *     table ({@link WarehouseSession#tableGenerations}), so that partitions recorded by earlier
 *     runs are known to be gone when the table was dropped and made again
 */
public record WriteRequest(
    AssetName target,
    Materialization materialization,
    Partitioning partitioning,
    PartitionKey partition,
    String selectSql,
    long generation) {
  public WriteRequest {
    requireNonNull(target, "target is null");
    requireNonNull(materialization, "materialization is null");
    requireNonNull(partitioning, "partitioning is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(selectSql, "selectSql is null");
  }
}
