package io.tidemark.core.repair;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.cost.CostEstimate;
import io.tidemark.core.cost.CostRates;
import io.tidemark.core.impact.Estimates;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.source.SourceScan;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A repair worked out but not yet stored: what it starts from, what it rebuilds, and how long that
 * should take and what it should cost.
 *
 * @param target as stored: the asset's name, or {@link RepairTarget#STALE}
 * @param start the first bad day as stored; empty for a repair of everything stale
 * @param end the last bad day as stored; empty for a repair of everything stale
 * @param exclude the selection left as it is, as given; empty for none
 * @param stopAt the selection whose readers are not rebuilt, as given; empty for none
 * @param roots the partitions the repair starts from; empty when nothing is stale
 * @param scans a repaired source's fingerprints, taken first so its readers record its current
 *     versions
 */
public record RepairProposal(
    String target,
    String start,
    String end,
    String exclude,
    String stopAt,
    Map<AssetName, PartitionSet> roots,
    List<SourceScan> scans,
    RepairPlan plan,
    Estimates estimates) {
  public RepairProposal {
    requireNonNull(target, "target is null");
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    requireNonNull(exclude, "exclude is null");
    requireNonNull(stopAt, "stopAt is null");
    roots = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(roots, "roots")));
    scans = List.copyOf(requireNonNull(scans, "scans is null"));
    requireNonNull(plan, "plan is null");
    requireNonNull(estimates, "estimates is null");
  }

  public boolean isStale() {
    return target.equals(RepairTarget.STALE);
  }

  /** A repair of everything stale when nothing is: there is no plan to look at. */
  public boolean nothingStale() {
    return isStale() && roots.isEmpty();
  }

  /**
   * What rebuilding the plan's partitions should cost at {@code rates}, from what each model's
   * succeeded attempts used on average.
   */
  public CostEstimate cost(CostRates rates) {
    Map<AssetName, Long> partitions = new LinkedHashMap<>();
    plan.tasks().forEach((asset, keys) -> partitions.put(asset, keys.size()));
    return CostEstimate.of(rates, partitions, estimates.attemptMeans());
  }

  /** Whether excluded partitions that planned tasks read stay unrepaired. */
  public boolean hasGaps() {
    return !plan.holes().isEmpty();
  }
}
