package io.tidemark.core.impact;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.StateStore;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The impact use cases: what bad data in some partitions spoiled downstream, and what no longer
 * matches its inputs. They read the state store only; the warehouse is never opened.
 */
public final class ImpactService {
  private final Project project;
  private final StateStore store;
  private final Clock clock;

  public ImpactService(Project project, StateStore store, Clock clock) {
    this.project = requireNonNull(project, "project is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A context for one use case, as of now. */
  public ImpactContext context() {
    return new ImpactContext(new Lineage(project, clock), store);
  }

  /**
   * Every downstream partition, across all pipelines, that read the built partitions of {@code
   * asset} in {@code range}.
   *
   * @param stopAt a selection whose readers are not followed; empty for none
   * @throws io.tidemark.core.TidemarkException {@code INVALID_ARGUMENT} when the asset has no built
   *     partition in the range, or for a bad selection
   */
  public ImpactReport impact(AssetName asset, TimeRange range, String stopAt) {
    requireNonNull(range, "range is null");
    Asset root = project.asset(asset);
    ImpactContext context = context();
    Impact impact =
        context.impact(
            Map.of(root.name(), context.rootPartitions(root, range)), context.select(stopAt));
    return new ImpactReport(root.name(), range, impact, context.estimates(impact));
  }

  /**
   * The stale and invalid partitions, and how many more partitions read them: what {@code repair
   * --stale} would rebuild.
   */
  public StaleReport stale() {
    ImpactContext context = context();
    Staleness.Report report = Staleness.find(context.lineage(), context.states());
    Map<AssetName, PartitionSet> roots = report.repairRoots(project);
    Impact impact = context.impact(roots, Set.of());
    long rootCount = 0;
    for (PartitionSet partitions : roots.values()) {
      rootCount += partitions.size();
    }
    return new StaleReport(report, impact, impact.partitionCount() - rootCount);
  }
}
