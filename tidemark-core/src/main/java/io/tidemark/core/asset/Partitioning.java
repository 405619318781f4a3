package io.tidemark.core.asset;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.partition.Grain;

/**
 * How an asset is split into partitions: a grain and the timestamp or date column that says which.
 */
public record Partitioning(Grain grain, String column) {
  public static final Partitioning NONE = new Partitioning(Grain.ALL, "");

  public Partitioning {
    requireNonNull(grain, "grain is null");
    requireNonNull(column, "column is null");
    if (grain != Grain.ALL && column.isBlank()) {
      throw new IllegalArgumentException("a partitioned asset needs a partition column");
    }
  }

  public boolean isPartitioned() {
    return grain != Grain.ALL;
  }
}
