package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Plan;
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
    return plan(workspace, selection, timeRange, force, false);
  }

  /**
   * As {@link #plan(Workspace, String, TimeRange, boolean)}; {@code loadsOnly} keeps loads alone.
   */
  static Plan plan(
      Workspace workspace,
      String selection,
      TimeRange timeRange,
      boolean force,
      boolean loadsOnly) {
    return workspace.planService().plan(selection, timeRange, force, loadsOnly);
  }
}
