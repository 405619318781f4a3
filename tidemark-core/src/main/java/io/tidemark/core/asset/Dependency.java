package io.tidemark.core.asset;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.partition.PartitionMapping;

/** An edge of the asset graph: the downstream asset reads {@code upstream} through a mapping. */
public record Dependency(AssetName upstream, PartitionMapping mapping) {
  public Dependency {
    requireNonNull(upstream, "upstream is null");
    requireNonNull(mapping, "mapping is null");
  }
}
