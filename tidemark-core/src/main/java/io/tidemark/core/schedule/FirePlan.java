package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

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

  static FirePlan of(
      Project project,
      Warehouse warehouse,
      StateStore store,
      Clock zonedClock,
      Schedule schedule,
      Fire fire) {
    Lineage lineage = new Lineage(project, zonedClock);
    Planner planner = new Planner(lineage);
    TimeRange range = schedule.range(fire.windowStart(), fire.fireTime());
    Map<AssetName, Map<String, PartitionState>> stored =
        store.partitionsByAsset(planner.stateSpans(schedule.selection(), range));
    WarehouseContents contents = WarehouseContents.read(warehouse, stored.keySet());
    WarehouseContents.Present present = contents.present(project, stored);
    Plan plan = planner.plan(schedule.selectionText(), schedule.selection(), range, false, present);
    return new FirePlan(plan, lineage, present.states());
  }
}
