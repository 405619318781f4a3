package io.tidemark.core.status;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.Grain;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The partitions of one asset in a range, each with its condition: what a heatmap of the asset's
 * days shows.
 *
 * @param cells in time order
 */
public record PartitionMap(AssetName asset, Grain grain, List<Cell> cells) {
  public PartitionMap {
    requireNonNull(asset, "asset is null");
    requireNonNull(grain, "grain is null");
    cells = List.copyOf(requireNonNull(cells, "cells is null"));
  }

  /** How many partitions are in each condition; every condition is present. */
  public Map<PartitionCondition, Integer> counts() {
    Map<PartitionCondition, Integer> counts = new EnumMap<>(PartitionCondition.class);
    for (PartitionCondition condition : PartitionCondition.values()) {
      counts.put(condition, 0);
    }
    for (Cell cell : cells) {
      counts.merge(cell.condition(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * One partition.
   *
   * @param partition the partition key's text form
   * @param rows rows of its last successful write; 0 when none
   * @param runId the run that last wrote it (or failed to); 0 when none did
   * @param updatedAt when its state was last recorded; null when it has none
   */
  public record Cell(
      String partition, PartitionCondition condition, long rows, long runId, Instant updatedAt) {
    public Cell {
      requireNonNull(partition, "partition is null");
      requireNonNull(condition, "condition is null");
    }
  }
}
