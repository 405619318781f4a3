package io.tidemark.core.status;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.ImpactService;
import io.tidemark.core.impact.StaleReport;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.WarehouseContents;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.CheckTally;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.PartitionTally;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The status use cases: per asset, its partitions built, failed, invalid and missing, its rows, its
 * latest checks and the last run that wrote it; and what is stale.
 */
public final class StatusService {
  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;

  public StatusService(Project project, Warehouse warehouse, StateStore store, Clock clock) {
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Every asset's status, upstream first. The store counts the partitions (no state is read one by
   * one); the warehouse's catalog says which recorded partitions it no longer holds.
   */
  public List<AssetStatus> status() {
    return statusOf(null);
  }

  /**
   * The status of the named assets only, upstream first: the store counts and the catalog entries
   * of those assets are all that is read.
   */
  public List<AssetStatus> status(Set<AssetName> only) {
    return statusOf(requireNonNull(only, "only is null"));
  }

  /**
   * @param only the assets wanted; null for all
   */
  private List<AssetStatus> statusOf(Collection<AssetName> only) {
    Lineage lineage = new Lineage(project, clock);
    List<AssetName> names =
        only == null
            ? project.graph().topologicalOrder()
            : project.graph().topologicalOrder().stream().filter(only::contains).toList();
    if (names.isEmpty()) {
      return List.of();
    }
    // Counted by the database: the keys each asset has in its domain, by status.
    Map<AssetName, Integer> expected = new LinkedHashMap<>();
    Map<AssetName, PartitionTally.KeyRun> runs = new HashMap<>();
    for (AssetName name : names) {
      Asset asset = project.asset(name);
      Lineage.DomainKeys keys = lineage.domainKeys(asset);
      expected.put(name, (int) keys.count());
      if (keys.count() > 0) {
        runs.put(name, new PartitionTally.KeyRun(keys.first().toString(), keys.last().toString()));
      }
    }
    Map<AssetName, List<PartitionTally>> tallies = new HashMap<>();
    for (PartitionTally tally : store.tally(runs)) {
      tallies.computeIfAbsent(tally.asset(), k -> new ArrayList<>()).add(tally);
    }
    Map<AssetName, Integer> gone =
        goneFromWarehouse(
            lineage,
            tallies,
            only == null
                ? WarehouseContents.read(warehouse)
                : WarehouseContents.read(warehouse, Set.copyOf(names)));
    Map<AssetName, Map<CheckStatus, Integer>> checks = new HashMap<>();
    // Tallied in the store: counting every latest result here reads every result row.
    for (CheckTally tally :
        only == null ? store.latestCheckTallies() : store.latestCheckTallies(names)) {
      checks
          .computeIfAbsent(tally.asset(), k -> zeroPerStatus())
          .merge(tally.status(), (int) tally.results(), Integer::sum);
    }
    List<AssetStatus> statuses = new ArrayList<>();
    for (AssetName name : names) {
      statuses.add(
          AssetStatus.of(
              project.asset(name),
              expected.get(name),
              tallies.getOrDefault(name, List.of()),
              gone.getOrDefault(name, 0),
              checks.getOrDefault(name, Map.of())));
    }
    return statuses;
  }

  /** What no longer matches its inputs, and what reads it: see {@link ImpactService#stale}. */
  public StaleReport stale() {
    return new ImpactService(project, store, clock).stale();
  }

  private static Map<CheckStatus, Integer> zeroPerStatus() {
    Map<CheckStatus, Integer> counts = new EnumMap<>(CheckStatus.class);
    for (CheckStatus status : CheckStatus.values()) {
      counts.put(status, 0);
    }
    return counts;
  }

  /**
   * Per model, how many partitions the store counts as built that the warehouse does not hold: all
   * of them when its table is gone; when the table was made again, those written before (read one
   * asset at a time, only for such tables).
   */
  private Map<AssetName, Integer> goneFromWarehouse(
      Lineage lineage, Map<AssetName, List<PartitionTally>> tallies, WarehouseContents contents) {
    Map<AssetName, Integer> gone = new HashMap<>();
    tallies.forEach(
        (name, counts) -> {
          Asset asset = project.assets().get(name);
          if (asset == null || !asset.isModel()) {
            return;
          }
          for (PartitionTally tally : counts) {
            if (tally.status() != PartitionStatus.MATERIALIZED) {
              continue;
            }
            if (tally.firstRunId() >= contents.generation(name)) {
              continue;
            }
            int lost =
                (int)
                    store.partitions(List.of(name), lineage.domain(asset)).stream()
                        .filter(state -> !contents.holds(asset, state))
                        .count();
            if (lost > 0) {
              gone.put(name, lost);
            }
          }
        });
    return gone;
  }
}
