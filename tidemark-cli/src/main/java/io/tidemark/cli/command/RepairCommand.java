package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.project.CostRatesReader;
import io.tidemark.core.repair.RepairPlan;
import io.tidemark.core.repair.RepairProposal;
import io.tidemark.core.repair.RepairService;
import io.tidemark.core.repair.RepairTarget;
import io.tidemark.core.repair.Resumption;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.source.SourceScan;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RepairTask;
import io.tidemark.core.state.RunTrigger;
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
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ASSET",
      description = "The asset whose data was bad and is now right.")
  String assetName;

  @Mixin DateRangeOptions range;

  @Mixin ServerOptions serverOptions;

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

  @Option(
      names = {"-y", "--yes"},
      description =
          "Rebuild without asking when the repair has more tasks than run.confirm_above (default"
              + " 10,000); needed above it when not on a terminal.")
  boolean yes;

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
      return serverOptions.remote()
          ? serverOptions.client(out(), style).start(resume, serverOptions.waits())
          : resume(workspace, resume);
    }
    if (serverOptions.remote()) {
      if (stale || range.start == null || range.end == null) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            "with --server, name an ASSET with --start and --end (or --resume ID)");
      }
      return serverOptions
          .client(out(), style)
          .repair(
              assetName,
              range.start,
              range.end,
              exclude,
              stopAt,
              allowGaps,
              dryRun,
              serverOptions.waits());
    }
    RepairService service = service(workspace);
    RepairTarget target;
    if (stale) {
      target = new RepairTarget.Stale();
    } else {
      Asset asset = workspace.project().resolve(assetName);
      if (range.start == null || range.end == null) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            "repair of " + asset.name() + " needs --start and --end (the days that were bad)");
      }
      range.range(workspace.project(), workspace.clock());
      target = new RepairTarget.Days(asset.name(), range.start, range.end);
    }
    RepairProposal proposal =
        service.propose(target, exclude == null ? "" : exclude, stopAt == null ? "" : stopAt);
    if (proposal.nothingStale()) {
      report(Map.of("tasks", 0), "Nothing is stale: every partition matches its inputs.");
      return 0;
    }
    printScans(workspace, proposal);
    RepairPlan plan = proposal.plan();
    if (plan.isEmpty()) {
      report(
          Map.of("tasks", 0),
          "Nothing to rebuild: no model read the named partitions"
              + (plan.excluded().isEmpty() ? "." : " outside the excluded assets."));
      return 0;
    }
    if (!dryRun
        && !Confirmation.confirmed(
            plan.taskList().size(),
            plan.taskList().stream().map(task -> task.asset()).distinct().count(),
            workspace.project().config().confirmAbove(),
            yes,
            System.console(),
            err())) {
      return 1;
    }
    if (proposal.hasGaps() && !allowGaps && format == OutputFormat.text) {
      out().print(printer(workspace, proposal).text(null, proposal));
    }
    Repair repair = service.store(proposal, allowGaps, Workspace.currentUser());
    Map<String, Object> json =
        RepairPrinter.json(repair, proposal, CostRatesReader.read(workspace.project().root()));
    if (format == OutputFormat.text) {
      out().print(printer(workspace, proposal).text(repair, proposal));
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
    return execute(workspace, service, repair, plan.taskList(), json);
  }

  private static RepairService service(Workspace workspace) {
    return workspace.repairService();
  }

  /** A repaired source was fingerprinted first: what changed, in a line. */
  private void printScans(Workspace workspace, RepairProposal proposal) {
    if (format != OutputFormat.text) {
      return;
    }
    for (SourceScan scan : proposal.scans()) {
      if (!scan.changes().isEmpty()) {
        out()
            .println(
                style.dim(
                    "scanned "
                        + scan.source()
                        + ": "
                        + Formats.plural(scan.changes().size(), "partition")
                        + " with new data versions"));
      }
    }
  }

  private int resume(Workspace workspace, long id) {
    RepairService service = service(workspace);
    Resumption resumption = service.resume(id);
    Repair repair = resumption.repair();
    if (resumption.alreadyFinished()) {
      report(
          Map.of("repair_id", id, "tasks", 0),
          "Repair " + id + " already finished; nothing to do.");
      return 0;
    }
    List<RepairTask> remaining = resumption.remaining();
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
    return execute(workspace, service, repair, remaining, json);
  }

  private int execute(
      Workspace workspace,
      RepairService service,
      Repair repair,
      List<RepairTask> tasks,
      Map<String, Object> json) {
    boolean text = format == OutputFormat.text;
    RunOptions options = RunCommand.options(workspace, threads, null);
    RunSummary summary;
    try (RunAlertsOption alerts = RunAlertsOption.of(workspace.project(), CLOCK)) {
      RunListener listener =
          alerts.listener(
              workspace.project(),
              RunTrigger.REPAIR,
              text ? new ProgressPrinter(out(), style, !compact) : RunListener.NONE);
      summary =
          RunCommand.cancelledBySignals(
              cancellation -> service.run(repair, tasks, options, listener, cancellation));
    }
    json.put("run", RunCommand.json(summary));
    WarehouseCheckpoint.run(workspace, summary, text ? out() : null, style);
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

  private RepairPrinter printer(Workspace workspace, RepairProposal proposal) {
    return new RepairPrinter(
        proposal.estimates(),
        CostRatesReader.read(workspace.project().root()),
        style,
        threads != null ? threads : workspace.project().config().threads());
  }

  private void report(Map<String, Object> json, String text) {
    if (format == OutputFormat.json) {
      out().println(Json.write(json));
    } else {
      out().println(text);
    }
  }
}
