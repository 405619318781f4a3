package io.tidemark.core.impact;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.Selector;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What one use case's impact analysis works on: the project's lineage as of one instant and which
 * stored partitions hold data. Which partitions hold data comes from the store's packed row counts;
 * every partition state is read only when asked for ({@link #states()}, for staleness). Belongs to
 * one use case on one thread.
 */
public final class ImpactContext {
  private final Lineage lineage;
  private final StateStore store;
  private final Function<AssetName, PartitionSet> built;
  private Map<AssetName, Map<String, PartitionState>> states;

  public ImpactContext(Lineage lineage, StateStore store) {
    this.lineage = requireNonNull(lineage, "lineage is null");
    this.store = requireNonNull(store, "store is null");
    this.built = StoredPartitions.built(lineage, store);
  }

  public Lineage lineage() {
    return lineage;
  }

  public Project project() {
    return lineage.project();
  }

  /** Every stored partition state, read on first use. */
  public Map<AssetName, Map<String, PartitionState>> states() {
    if (states == null) {
      states = store.partitionsByAsset(List.of());
    }
    return states;
  }

  /**
   * The partitions of {@code asset} touching {@code range} that hold data; a clear error when there
   * are none, since nothing downstream can have read them.
   */
  public PartitionSet rootPartitions(Asset asset, TimeRange range) {
    PartitionSet inRange =
        PartitionSet.overlapping(asset.grain(), range.intersect(lineage.domain(asset)));
    PartitionSet partitions = inRange.intersect(built.apply(asset.name()));
    if (partitions.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          asset.name()
              + " has no materialised partitions in "
              + describe(range)
              + (inRange.isEmpty()
                  ? " (its partitions start " + asset.start() + ")"
                  : "; nothing can have read them (build them with `tidemark run`)"));
    }
    return partitions;
  }

  /** Every partition that read {@code roots}, not following the readers of {@code stopAt}. */
  public Impact impact(Map<AssetName, PartitionSet> roots, Set<AssetName> stopAt) {
    return new ImpactAnalysis(project().graph(), lineage::domain).analyse(roots, built, stopAt);
  }

  /** The assets a selection names; empty text selects none. */
  public Set<AssetName> select(String selection) {
    return selection == null || selection.isBlank()
        ? Set.of()
        : new Selector(project()).select(selection);
  }

  /** How long rebuilding the models of {@code impact} should take, read for those models alone. */
  public Estimates estimates(Impact impact) {
    List<AssetName> models = new ArrayList<>();
    for (AssetName name : impact.assets().keySet()) {
      if (project().asset(name).isModel()) {
        models.add(name);
      }
    }
    return Estimates.read(store, models);
  }

  /** A range of days as people write it: {@code 2024-01-01..2024-01-31}. */
  public static String describe(TimeRange range) {
    return range.start().toLocalDate() + ".." + range.end().toLocalDate().minusDays(1);
  }
}
