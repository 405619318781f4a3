package io.tidemark.core.plan;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.Selector;
import io.tidemark.core.load.DueLoads;
import io.tidemark.core.load.LoadWatermarks;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The plan use case: which partitions of a selection a run would build over a range, and why. The
 * plan carries the states it read, so running it reads them no second time.
 */
public final class PlanService {
  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;
  private final LoadWatermarks watermarks;

  /** Loads are due by the marks {@code store} keeps, when it keeps them. */
  public PlanService(Project project, Warehouse warehouse, StateStore store, Clock clock) {
    this(
        project,
        warehouse,
        store,
        clock,
        store instanceof LoadWatermarks kept ? kept : LoadWatermarks.NONE);
  }

  /**
   * @param watermarks the high-water marks of incremental loads, which say which loaded partitions
   *     are due again
   */
  public PlanService(
      Project project,
      Warehouse warehouse,
      StateStore store,
      Clock clock,
      LoadWatermarks watermarks) {
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.watermarks = requireNonNull(watermarks, "watermarks is null");
  }

  /**
   * Plans {@code selection} (as typed: {@code name}, {@code +name}, {@code tag:x}, …; empty for
   * everything) over {@code range} from the state stored now and what the warehouse holds: a
   * partition recorded as built that the warehouse lost is planned again, with a warning.
   *
   * @param force rebuild partitions in range even when they are up to date
   * @throws io.tidemark.core.TidemarkException {@code INVALID_ARGUMENT} for a bad selection
   */
  public Plan plan(String selection, TimeRange range, boolean force) {
    return plan(selection, range, force, false);
  }

  /**
   * As {@link #plan(String, TimeRange, boolean)}; with {@code loadsOnly}, the loaded sources of the
   * selection alone ({@code tidemark load}).
   */
  public Plan plan(String selection, TimeRange range, boolean force, boolean loadsOnly) {
    requireNonNull(selection, "selection is null");
    requireNonNull(range, "range is null");
    Set<AssetName> selected = new Selector(project).select(selection);
    if (loadsOnly) {
      selected = new LinkedHashSet<>(selected);
      selected.retainAll(project.loads().keySet());
    }
    DueLoads due =
        project.loads().isEmpty()
            ? DueLoads.withoutWatermarks(project)
            : new DueLoads(project, watermarks.watermarks(project.loads().keySet()));
    Planner planner = new Planner(new Lineage(project, clock), due);
    Map<AssetName, Map<String, PartitionState>> stored =
        store.partitionsByAsset(planner.stateSpans(selected, range));
    WarehouseContents contents = WarehouseContents.read(warehouse, stored.keySet());
    WarehouseContents.Present present = contents.present(project, stored);
    return planner
        .plan(selection, selected, range, force, present)
        .withNoticesFirst(present.notices(contents));
  }
}
