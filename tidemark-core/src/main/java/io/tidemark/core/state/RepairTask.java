package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;

/**
 * One (asset, partition) of a repair plan.
 *
 * @param partition the partition key's text form
 */
public record RepairTask(AssetName asset, String partition) {
  public RepairTask {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
  }
}
