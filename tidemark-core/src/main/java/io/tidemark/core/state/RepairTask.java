package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;

/**
 * One task of a repair plan: one partition of one asset to rebuild.
 *
 * @param partition the partition key's text form ({@code 2024-03-05}, {@code all})
 */
public record RepairTask(AssetName asset, String partition) {
  public RepairTask {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
  }
}
