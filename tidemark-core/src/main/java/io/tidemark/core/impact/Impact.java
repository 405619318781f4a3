package io.tidemark.core.impact;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionMapping;
import io.tidemark.core.partition.PartitionSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Every (asset, partition) that holds data derived from some root partitions, with the path that
 * makes each asset affected.
 *
 * @param assets the roots and every affected asset, upstream before downstream
 */
public record Impact(Map<AssetName, AffectedAsset> assets) {
  public Impact {
    // Handed over by the analysis that built it, in topological order; not copied: it can hold
    // tens of thousands of assets.
    assets = Collections.unmodifiableMap(requireNonNull(assets, "assets"));
  }

  /** Partitions over all assets, roots included. */
  public long partitionCount() {
    long count = 0;
    for (AffectedAsset asset : assets.values()) {
      count += asset.partitions().size();
    }
    return count;
  }

  /** Partitions downstream of the roots: what an incident on the roots spoils. */
  public long downstreamPartitionCount() {
    long count = 0;
    for (AffectedAsset asset : assets.values()) {
      count += asset.downstream().size();
    }
    return count;
  }

  public boolean isEmpty() {
    return assets.isEmpty();
  }

  /** The assets from a root down to {@code asset}, along the shortest path. */
  public List<AssetName> pathTo(AssetName asset) {
    List<AssetName> path = new ArrayList<>();
    AffectedAsset current = assets.get(asset);
    while (current != null) {
      path.add(0, current.asset());
      current = current.parent() == null ? null : assets.get(current.parent());
    }
    return path;
  }

  /**
   * One affected asset.
   *
   * @param partitions every affected partition of the asset (root partitions included)
   * @param rootPartitions the partitions given as roots; empty for assets only reached downstream
   * @param via the upstream edges through which damage arrives, with what each one brings
   * @param parent the upstream asset on a shortest path from a root; null for a root
   * @param depth edges from the nearest root
   * @param runsForward the asset reads its own earlier partitions, so damage runs on to its last
   *     built partition
   * @param stoppedHere the walk did not follow this asset's readers (--stop-at)
   */
  public record AffectedAsset(
      AssetName asset,
      PartitionSet partitions,
      PartitionSet rootPartitions,
      List<Via> via,
      AssetName parent,
      int depth,
      boolean runsForward,
      boolean stoppedHere) {
    public AffectedAsset {
      requireNonNull(asset, "asset is null");
      requireNonNull(partitions, "partitions is null");
      requireNonNull(rootPartitions, "rootPartitions is null");
      // Handed over by the analysis, like the map of assets: not copied.
      via = java.util.Collections.unmodifiableList(requireNonNull(via, "via is null"));
    }

    public boolean isRoot() {
      return !rootPartitions.isEmpty();
    }

    /** The partitions affected through upstream edges rather than named as roots. */
    public PartitionSet downstream() {
      return partitions.minus(rootPartitions);
    }
  }

  /** An upstream edge through which damage reaches an asset, and the partitions it reaches. */
  public record Via(AssetName upstream, PartitionMapping mapping, PartitionSet partitions) {
    public Via {
      requireNonNull(upstream, "upstream is null");
      requireNonNull(mapping, "mapping is null");
      requireNonNull(partitions, "partitions is null");
    }
  }
}
