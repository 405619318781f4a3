package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.Planner;
import io.tidemark.core.plan.WarehouseContents;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fire's plan, as {@code tidemark run} would make it for the schedule's selection over the
 * partitions due at the fire, with the partition states it was made from (the ones the warehouse
 * still holds).
 *
 * @param lineage the lineage the plan was made with, as of the fire's evaluation in its zone
 */
record FirePlan(Plan plan, Lineage lineage, Map<AssetName, Map<String, PartitionState>> states) {
  FirePlan {
    requireNonNull(plan, "plan is null");
    requireNonNull(lineage, "lineage is null");
    requireNonNull(states, "states is null");
  }

  /**
   * The plans of fires considered at one instant, made together: one lineage per time zone, the
   * partition states of all of them in one read of the store and their tables in one read of the
   * warehouse catalog, then each fire's plan as {@link #of} makes it. A fire whose plan cannot be
   * made gets the failure instead.
   */
  static Map<Long, Outcome> ofAll(
      Project project,
      Warehouse warehouse,
      StateStore store,
      Clock clock,
      List<Map.Entry<Schedule, Fire>> fires) {
    Map<java.time.ZoneId, Lineage> lineages = new HashMap<>();
    Map<java.time.ZoneId, Planner> planners = new HashMap<>();
    Map<AssetName, TimeRange> spans = new HashMap<>();
    for (Map.Entry<Schedule, Fire> entry : fires) {
      Schedule schedule = entry.getKey();
      Planner planner = planner(planners, lineages, project, clock, schedule);
      TimeRange range = schedule.range(entry.getValue().windowStart(), entry.getValue().fireTime());
      planner
          .stateSpans(schedule.selection(), range)
          .forEach((asset, span) -> spans.merge(asset, span, FirePlan::hull));
    }
    Map<Long, Outcome> plans = new LinkedHashMap<>();
    WarehouseContents.Present present;
    try {
      Map<AssetName, Map<String, PartitionState>> stored = store.partitionsByAsset(spans);
      present = WarehouseContents.read(warehouse, stored.keySet()).present(project, stored);
    } catch (TidemarkException e) {
      fires.forEach(entry -> plans.put(entry.getValue().id(), new Outcome(null, e.getMessage())));
      return plans;
    }
    for (Map.Entry<Schedule, Fire> entry : fires) {
      Schedule schedule = entry.getKey();
      Fire fire = entry.getValue();
      Planner planner = planners.get(schedule.settings().timezone());
      try {
        TimeRange range = schedule.range(fire.windowStart(), fire.fireTime());
        Plan plan =
            planner.plan(schedule.selectionText(), schedule.selection(), range, false, present);
        plans.put(
            fire.id(),
            new Outcome(
                new FirePlan(plan, lineages.get(schedule.settings().timezone()), present.states()),
                null));
      } catch (TidemarkException e) {
        plans.put(fire.id(), new Outcome(null, e.getMessage()));
      }
    }
    return plans;
  }

  private static Planner planner(
      Map<java.time.ZoneId, Planner> planners,
      Map<java.time.ZoneId, Lineage> lineages,
      Project project,
      Clock clock,
      Schedule schedule) {
    return planners.computeIfAbsent(
        schedule.settings().timezone(),
        zone ->
            new Planner(
                lineages.computeIfAbsent(zone, z -> new Lineage(project, clock.withZone(z)))));
  }

  /** A fire's plan, or why it could not be made. */
  record Outcome(FirePlan plan, String failure) {}

  private static TimeRange hull(TimeRange a, TimeRange b) {
    return new TimeRange(
        a.start().isBefore(b.start()) ? a.start() : b.start(),
        a.end().isAfter(b.end()) ? a.end() : b.end());
  }
}
