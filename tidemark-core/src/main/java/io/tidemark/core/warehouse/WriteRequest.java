package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.PartitionKey;
import java.util.ArrayList;
import java.util.List;

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
 * @param partitionCount how many adjacent partitions, from {@code partition} on, the statement
 *     writes: more than one only for a batch ({@link WarehouseSession#writeBatch}), whose rows must
 *     all fall inside the span of those partitions
 * @param partitionSelects for a batch built partition by partition: each partition's own select,
 *     rendered with its own bounds, in time order ({@code selectSql} is the first of them); the
 *     warehouse writes their union in one statement, and every row must fall inside the partition
 *     whose select returned it. Empty when {@code selectSql} is one select over the whole span.
 */
public record WriteRequest(
    AssetName target,
    Materialization materialization,
    Partitioning partitioning,
    PartitionKey partition,
    String selectSql,
    long generation,
    int partitionCount,
    List<String> partitionSelects) {
  public WriteRequest {
    requireNonNull(target, "target is null");
    requireNonNull(materialization, "materialization is null");
    requireNonNull(partitioning, "partitioning is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(selectSql, "selectSql is null");
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be positive, got " + partitionCount);
    }
    if (partitionCount > 1 && materialization != Materialization.INCREMENTAL) {
      throw new IllegalArgumentException("only partitions of an incremental model are batched");
    }
    partitionSelects = List.copyOf(requireNonNull(partitionSelects, "partitionSelects is null"));
    if (!partitionSelects.isEmpty()
        && (partitionSelects.size() != partitionCount
            || !partitionSelects.get(0).equals(selectSql))) {
      throw new IllegalArgumentException(
          "a batch built partition by partition has one select per partition, the first being"
              + " selectSql");
    }
  }

  /** A batch of {@code partitionCount} partitions (or one) rendered once over their span. */
  public WriteRequest(
      AssetName target,
      Materialization materialization,
      Partitioning partitioning,
      PartitionKey partition,
      String selectSql,
      long generation,
      int partitionCount) {
    this(
        target,
        materialization,
        partitioning,
        partition,
        selectSql,
        generation,
        partitionCount,
        List.of());
  }

  /**
   * A batch built partition by partition: {@code partitionSelects} holds each partition's select,
   * in time order.
   */
  public static WriteRequest partitionWise(
      AssetName target,
      Partitioning partitioning,
      PartitionKey first,
      List<String> partitionSelects,
      long generation) {
    return new WriteRequest(
        target,
        Materialization.INCREMENTAL,
        partitioning,
        first,
        partitionSelects.get(0),
        generation,
        partitionSelects.size(),
        partitionSelects);
  }

  /** A write of one partition (or of a whole table or view). */
  public WriteRequest(
      AssetName target,
      Materialization materialization,
      Partitioning partitioning,
      PartitionKey partition,
      String selectSql,
      long generation) {
    this(target, materialization, partitioning, partition, selectSql, generation, 1);
  }

  /** The partitions written, in time order. */
  public List<PartitionKey> partitions() {
    List<PartitionKey> partitions = new ArrayList<>(partitionCount);
    for (int i = 0; i < partitionCount; i++) {
      partitions.add(partition.plus(i));
    }
    return partitions;
  }

  /** The last partition written. */
  public PartitionKey last() {
    return partition.plus(partitionCount - 1L);
  }
}
