package io.tidemark.core.plan;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;

/** The unit of work: build one partition of one asset. */
public record Task(AssetName asset, PartitionKey partition) implements Comparable<Task> {
  public Task {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
  }

  @Override
  public int compareTo(Task other) {
    int byAsset = asset.compareTo(other.asset);
    return byAsset != 0 ? byAsset : partition.compareTo(other.partition);
  }

  @Override
  public String toString() {
    return asset + " " + partition;
  }
}
