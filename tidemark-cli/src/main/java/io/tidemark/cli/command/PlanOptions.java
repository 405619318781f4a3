package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.Selector;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.Planner;
import io.tidemark.core.plan.WarehouseContents;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.warehouse.WarehouseSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What to plan: a selection, a date range, and whether to rebuild up-to-date partitions. */
public final class PlanOptions {
  @Option(
      names = {"-s", "--select"},
      converter = Arguments.Selection.class,
      paramLabel = "SELECTION",
      description =
          "Assets to run, as in dbt: name, +name, name+, tag:x, path:models/marts, "
              + "pipeline:x; space means union, comma intersection (default: everything).")
  String selection = "";

  @Mixin DateRangeOptions range;

  @Option(
      names = "--force",
      description = "Rebuild partitions in range even when they are up to date.")
  boolean force;

  Plan plan(Workspace workspace) {
    return plan(workspace, selection, range.range(workspace.project(), workspace.clock()), force);
  }

  /** Plans {@code selection} over {@code timeRange} from the state stored now. */
  static Plan plan(Workspace workspace, String selection, TimeRange timeRange, boolean force) {
    Project project = workspace.project();
    Set<AssetName> selected = new Selector(project).select(selection);
    Lineage lineage = new Lineage(project, workspace.clock());
    Planner planner = new Planner(lineage);
    Map<AssetName, Map<String, PartitionState>> stored =
        workspace.store().partitionsByAsset(planner.stateSpans(selected, timeRange));
    WarehouseContents contents;
    try (WarehouseSession session = workspace.warehouse().openSession()) {
      contents = new WarehouseContents(session.tableGenerations());
    }
    WarehouseContents.Present present = contents.present(project, stored);
    Plan plan = planner.plan(selection, selected, timeRange, force, present);
    List<String> notices = present.notices(contents);
    if (notices.isEmpty()) {
      return plan;
    }
    List<String> warnings = new ArrayList<>(notices);
    warnings.addAll(plan.warnings());
    return new Plan(plan.selection(), plan.range(), plan.tasks(), plan.upToDate(), warnings);
  }
}
