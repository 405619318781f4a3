package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.PlannedTask;
import io.tidemark.core.plan.Task;
import io.tidemark.core.project.Project;
import io.tidemark.core.quality.Check;
import io.tidemark.core.source.SourceScanner;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a fire waits for before it runs: earlier fires of the pipelines it runs after, and the
 * partitions its tasks read that nothing in its plan builds, when they are not built or, for
 * sources that judge arrival, have not arrived. Reads the state store only; the warehouse is read
 * only to look for awaited source partitions, and only when the caller asks.
 */
final class FireReadiness {
  /** How many awaited things a fire's detail names. */
  private static final int NAMED = 5;

  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;

  FireReadiness(Project project, Warehouse warehouse, StateStore store) {
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
  }

  /** Open fires of the pipelines {@code schedule} runs after, at or before {@code fire}'s time. */
  static List<String> earlierFires(Schedule schedule, Fire fire, List<Fire> open) {
    List<String> waits = new ArrayList<>();
    for (Fire other : open) {
      if (schedule.after().contains(other.schedule())
          && !other.fireTime().isAfter(fire.fireTime())) {
        waits.add(
            "pipeline "
                + other.schedule()
                + "'s fire of "
                + other.fireTime()
                + " ("
                + other.status().name().toLowerCase(java.util.Locale.ROOT)
                + ")");
      }
    }
    return waits;
  }

  /**
   * The inputs of a fire's tasks that are not ready.
   *
   * @param missing inputs to wait for: not built, invalidated (a repair rebuilds them), sources not
   *     arrived
   * @param failed inputs whose last build failed: nothing outside a fire of their own pipeline or a
   *     backfill builds them again, so a fire does not wait for them
   */
  record Inputs(List<String> missing, List<String> failed) {}

  /**
   * The inputs of {@code plan}'s tasks that are not ready.
   *
   * @param lookForArrivals whether to fingerprint awaited source partitions in the warehouse first
   */
  Inputs inputs(FirePlan plan, Clock zonedClock, boolean lookForArrivals) {
    Set<String> failed = new TreeSet<>();
    List<String> missing = missingInputs(plan, zonedClock, lookForArrivals, failed);
    return new Inputs(missing, List.copyOf(failed));
  }

  private List<String> missingInputs(
      FirePlan plan, Clock zonedClock, boolean lookForArrivals, Set<String> failed) {
    Map<Asset, Set<PartitionKey>> awaited = new LinkedHashMap<>();
    Set<String> missing = new TreeSet<>();
    inspect(plan, plan.states(), missing, failed, awaited);
    if (awaited.isEmpty()) {
      return List.copyOf(missing);
    }
    if (lookForArrivals) {
      SourceScanner scanner = new SourceScanner(plan.lineage(), warehouse, store, zonedClock);
      Map<io.tidemark.core.asset.AssetName, Map<String, PartitionState>> rescanned =
          new LinkedHashMap<>(plan.states());
      for (Map.Entry<Asset, Set<PartitionKey>> entry : awaited.entrySet()) {
        Asset source = entry.getKey();
        TimeRange hull = hull(entry.getValue());
        try {
          scanner.scan(source, hull, 0);
        } catch (io.tidemark.core.TidemarkException e) {
          // A source that cannot be read has not arrived.
          continue;
        }
        rescanned.put(
            source.name(),
            store
                .partitionsByAsset(List.of(source.name()), hull)
                .getOrDefault(source.name(), Map.of()));
      }
      awaited.clear();
      missing.clear();
      failed.clear();
      inspect(plan, rescanned, missing, failed, awaited);
    }
    awaited.forEach(
        (source, keys) ->
            keys.forEach(key -> missing.add(source.name() + " " + key + " (not arrived)")));
    return List.copyOf(missing);
  }

  private void inspect(
      FirePlan plan,
      Map<io.tidemark.core.asset.AssetName, Map<String, PartitionState>> states,
      Set<String> missing,
      Set<String> failed,
      Map<Asset, Set<PartitionKey>> awaited) {
    Set<Task> planned = new HashSet<>();
    for (PlannedTask task : plan.plan().tasks()) {
      planned.add(task.task());
    }
    for (PlannedTask task : plan.plan().tasks()) {
      for (Task input : plan.lineage().inputsOf(task.task())) {
        if (planned.contains(input)) {
          continue;
        }
        Asset asset = project.asset(input.asset());
        PartitionState state =
            states.getOrDefault(asset.name(), Map.of()).get(input.partition().toString());
        if (asset.isModel()) {
          if (state == null) {
            missing.add(input + " (not built)");
          } else if (state.status() == PartitionStatus.FAILED) {
            failed.add(input + " (failed)");
          } else if (state.status() == PartitionStatus.INVALID) {
            missing.add(input + " (invalid)");
          }
        } else if (judgesArrival(asset) && SourceScanner.arrival(state) == null) {
          awaited.computeIfAbsent(asset, a -> new TreeSet<>()).add(input.partition());
        }
      }
    }
  }

  private boolean judgesArrival(Asset source) {
    return project.checks(source.name()).stream()
        .anyMatch(check -> check instanceof Check.Freshness freshness && freshness.byArrival());
  }

  private static TimeRange hull(Set<PartitionKey> keys) {
    PartitionKey first = keys.iterator().next();
    PartitionKey last = first;
    for (PartitionKey key : keys) {
      first = key.compareTo(first) < 0 ? key : first;
      last = key.compareTo(last) > 0 ? key : last;
    }
    return new TimeRange(first.start(), last.end());
  }

  /** The awaited things as one line, the first few named. */
  static String describe(List<String> waits) {
    List<String> named = waits.subList(0, Math.min(NAMED, waits.size()));
    String text = String.join("; ", named);
    return waits.size() > NAMED ? text + "; and " + (waits.size() - NAMED) + " more" : text;
  }
}
