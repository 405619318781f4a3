package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.repair.Impact;
import io.tidemark.core.repair.RepairPlan;
import io.tidemark.core.repair.RepairPlanner;
import io.tidemark.core.repair.Staleness;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.source.SourceScan;
import io.tidemark.core.source.SourceScanner;
import io.tidemark.core.state.NewRepair;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RepairStatus;
import io.tidemark.core.state.RepairTask;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunTrigger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuild exactly the partitions affected by bad data in ASSET between --start and --end:"
          + " the asset's own partitions (for a model) and every downstream partition that read"
          + " them, across all pipelines, in dependency order.",
      "The plan is stored with an id and printed before it runs; --dry-run stops there.",
      "`repair --stale` repairs every stale or invalid partition; `repair --resume ID` finishes"
          + " an interrupted or failed repair without redoing finished tasks."
    })
public final class RepairCommand extends ProjectCommand {
  /** The target recorded for {@code repair --stale}. */
  static final String STALE_TARGET = "--stale";

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ASSET",
      description = "The asset whose data was bad and is now right.")
  String assetName;

  @Mixin DateRangeOptions range;

  @Option(names = "--stale", description = "Repair every stale or invalid partition.")
  boolean stale;

  @Option(names = "--resume", paramLabel = "ID", description = "Continue a stored repair.")
  Long resume;

  @Option(names = "--dry-run", description = "Store and print the plan; rebuild nothing.")
  boolean dryRun;

  @Option(
      names = "--exclude",
      paramLabel = "SELECTION",
      description = "Leave these assets as they are (their readers are still rebuilt).")
  String exclude;

  @Option(
      names = "--stop-at",
      paramLabel = "SELECTION",
      description = "Rebuild these assets but not what reads them.")
  String stopAt;

  @Option(
      names = "--allow-gaps",
      description = "Run even when --exclude leaves partitions that planned tasks read unrepaired.")
  boolean allowGaps;

  @Option(
      names = "--threads",
      paramLabel = "N",
      converter = Arguments.AtLeastOne.class,
      description = "Tasks at once.")
  Integer threads;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Option(names = "--compact", description = "One line per asset instead of one per partition.")
  boolean compact;

  @Override
  protected int run(Workspace workspace) {
    int modes = (assetName != null ? 1 : 0) + (stale ? 1 : 0) + (resume != null ? 1 : 0);
    if (modes != 1) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "name what to repair: an ASSET with --start and --end, --stale, or --resume ID");
    }
    if (resume != null) {
      if (exclude != null || stopAt != null || range.start != null || range.end != null) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            "--resume runs the stored plan as it is; --start, --end, --exclude and --stop-at"
                + " cannot change it");
      }
      return resume(workspace, resume);
    }
    ImpactContext context = ImpactContext.load(workspace);
    Map<AssetName, PartitionSet> roots;
    String target;
    String start = "";
    String end = "";
    if (stale) {
      roots = Staleness.find(context.lineage, context.states()).repairRoots(context.project);
      target = STALE_TARGET;
      if (roots.isEmpty()) {
        report(Map.of("tasks", 0), "Nothing is stale: every partition matches its inputs.");
        return 0;
      }
    } else {
      Asset asset = context.project.resolve(assetName);
      if (range.start == null || range.end == null) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            "repair of " + asset.name() + " needs --start and --end (the days that were bad)");
      }
      TimeRange timeRange = range.range(context.project, workspace.clock());
      if (asset.isSource()) {
        scanFirst(workspace, context, asset, timeRange);
      }
      roots = Map.of(asset.name(), context.rootPartitions(asset, timeRange));
      target = asset.name().toString();
      start = range.start.toString();
      end = range.end.toString();
    }
    Impact impact = context.impact(roots, context.select(stopAt));
    RepairPlan plan =
        new RepairPlanner(context.project.graph()).plan(impact, context.select(exclude));
    if (plan.isEmpty()) {
      report(
          Map.of("tasks", 0),
          "Nothing to rebuild: no model read the named partitions"
              + (plan.excluded().isEmpty() ? "." : " outside the excluded assets."));
      return 0;
    }
    if (!plan.holes().isEmpty() && !allowGaps) {
      if (format == OutputFormat.text) {
        out().print(printer(context).text(null, target, start, end, plan));
      }
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "--exclude leaves partitions that planned tasks read unrepaired (shown above); nothing"
              + " was changed. Pass --allow-gaps to repair anyway.");
    }
    List<RepairTask> tasks = plan.taskList();
    Repair repair =
        workspace
            .store()
            .createRepair(
                new NewRepair(
                    target,
                    start,
                    end,
                    exclude == null ? "" : exclude,
                    stopAt == null ? "" : stopAt,
                    Workspace.currentUser(),
                    workspace.clock().instant(),
                    tasks));
    Map<String, Object> json = RepairPrinter.json(context, repair, plan);
    if (format == OutputFormat.text) {
      out().print(printer(context).text(repair, target, start, end, plan));
    }
    if (dryRun) {
      json.put("run", null);
      report(
          json,
          "Dry run: nothing was rebuilt. `tidemark repair --resume "
              + repair.id()
              + "` runs exactly this plan.");
      return 0;
    }
    return execute(workspace, context, repair, tasks, json);
  }

  /**
   * A repaired source gets fingerprinted first, so its readers record its current versions. The
   * impact does not move: every partition of a source counts as built, whatever its version.
   */
  private void scanFirst(
      Workspace workspace, ImpactContext context, Asset source, TimeRange timeRange) {
    SourceScan scan =
        new SourceScanner(
                context.lineage, workspace.warehouse(), workspace.store(), workspace.clock())
            .scan(source, timeRange, 0);
    if (format == OutputFormat.text && !scan.changes().isEmpty()) {
      out()
          .println(
              style.dim(
                  "scanned "
                      + source.name()
                      + ": "
                      + Formats.plural(scan.changes().size(), "partition")
                      + " with new data versions"));
    }
  }

  private int resume(Workspace workspace, long id) {
    Repair repair =
        workspace
            .store()
            .findRepair(id)
            .orElseThrow(
                () ->
                    new TidemarkException(
                        ErrorCode.NOT_FOUND,
                        "unknown repair " + id + " (see `tidemark repairs` for the list)"));
    if (repair.status() == RepairStatus.SUCCEEDED) {
      report(
          Map.of("repair_id", id, "tasks", 0),
          "Repair " + id + " already finished; nothing to do.");
      return 0;
    }
    List<RepairTask> remaining = new ArrayList<>(workspace.store().repairTasks(id));
    remaining.removeAll(workspace.store().completedRepairTasks(id));
    ImpactContext context = ImpactContext.load(workspace);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("repair_id", id);
    json.put("target", repair.target());
    json.put("tasks", remaining.size());
    if (format == OutputFormat.text) {
      out()
          .println(
              style.bold("Repair " + id)
                  + " of "
                  + repair.target()
                  + ": "
                  + Formats.plural(remaining.size(), "task")
                  + " left of "
                  + Formats.count(repair.taskCount())
                  + "\n");
    }
    return execute(workspace, context, repair, remaining, json);
  }

  private int execute(
      Workspace workspace,
      ImpactContext context,
      Repair repair,
      List<RepairTask> tasks,
      Map<String, Object> json) {
    Plan runPlan =
        RepairPlanner.executable(
            context.lineage, "repair " + repair.id(), hull(context, tasks), tasks);
    boolean text = format == OutputFormat.text;
    RunListener listener = text ? new ProgressPrinter(out(), style, !compact) : RunListener.NONE;
    RunSummary summary =
        RunCommand.execute(
            workspace,
            runPlan,
            listener,
            threads,
            null,
            executor -> {
              Run run =
                  workspace
                      .store()
                      .startRepairRun(
                          repair.id(),
                          tasks,
                          new NewRun(
                              RunTrigger.REPAIR,
                              "repair " + repair.id(),
                              runPlan.range().start().toLocalDate().toString(),
                              runPlan.range().end().toLocalDate().minusDays(1).toString(),
                              tasks.size(),
                              workspace.clock().instant(),
                              Workspace.currentOwner()));
              return executor.execute(runPlan, run);
            });
    json.put("run", RunCommand.json(summary));
    if (text) {
      out()
          .println(
              switch (summary.status()) {
                case SUCCEEDED ->
                    style.green("Repair " + repair.id() + " finished: ")
                        + Formats.plural(summary.succeeded(), "partition")
                        + " rebuilt.";
                default ->
                    style.red("Repair " + repair.id() + " did not finish. ")
                        + "`tidemark repair --resume "
                        + repair.id()
                        + "` continues it without redoing finished tasks.";
              });
    } else {
      out().println(Json.write(json));
    }
    return RunCommand.exitCode(summary);
  }

  /** The days the tasks cover, for the run record. */
  private static TimeRange hull(ImpactContext context, List<RepairTask> tasks) {
    PartitionKey first = null;
    PartitionKey last = null;
    for (RepairTask task : tasks) {
      Asset asset = context.project.asset(task.asset());
      if (!asset.isPartitioned()) {
        continue;
      }
      PartitionKey key = PartitionKey.parse(asset.grain(), task.partition());
      if (first == null || key.start().isBefore(first.start())) {
        first = key;
      }
      if (last == null || key.end().isAfter(last.end())) {
        last = key;
      }
    }
    if (first == null) {
      LocalDate start = context.project.config().start();
      return TimeRange.ofDays(start, start);
    }
    LocalDateTime endDay = last.end().toLocalDate().atStartOfDay();
    if (endDay.isBefore(last.end())) {
      endDay = endDay.plusDays(1);
    }
    return new TimeRange(first.start().toLocalDate().atStartOfDay(), endDay);
  }

  private RepairPrinter printer(ImpactContext context) {
    return new RepairPrinter(
        context, style, threads != null ? threads : context.project.config().threads());
  }

  /** What a repair set out to fix, as a person reads it. */
  static String describeTarget(String target) {
    return target.equals(STALE_TARGET) ? "every stale or invalid partition" : target;
  }

  private void report(Map<String, Object> json, String text) {
    if (format == OutputFormat.json) {
      out().println(Json.write(json));
    } else {
      out().println(text);
    }
  }
}
