package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Json;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.project.Project;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.RunTrigger;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Load the selected sources that have a load: block, and nothing else.",
      "Partitions never loaded, failed or changed are loaded; snapshots and incremental loads"
          + " whose source may have new rows are loaded again. `tidemark run` does the same before"
          + " the models that read them."
    })
public final class LoadCommand extends ProjectCommand {
  @Mixin PlanOptions planOptions;

  @Option(
      names = "--threads",
      paramLabel = "N",
      converter = Arguments.AtLeastOne.class,
      description = "Loads at once (default: run.threads in tidemark.yml).")
  Integer threads;

  @Option(
      names = "--retries",
      paramLabel = "N",
      converter = Arguments.ZeroOrMore.class,
      description = "Retries per failed load (default: run.retries).")
  Integer retries;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    Project project = workspace.project();
    if (project.loads().isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "no source of this project has a load: block (see docs/sources.md)");
    }
    Plan plan =
        PlanOptions.plan(
            workspace,
            planOptions.selection,
            planOptions.range.range(project, workspace.clock()),
            planOptions.force,
            true);
    boolean json = format == OutputFormat.json;
    if (plan.isEmpty()) {
      if (json) {
        out().println(Json.write(Map.of("tasks", 0, "up_to_date", plan.upToDate())));
      } else {
        out().print(PlanPrinter.text(project, plan, style));
      }
      return 0;
    }
    RunListener listener = json ? RunListener.NONE : new ProgressPrinter(out(), style, true);
    RunSummary summary =
        RunCommand.execute(workspace, plan, RunTrigger.MANUAL, listener, threads, retries);
    WarehouseCheckpoint.run(workspace, summary, json ? null : out(), style);
    if (json) {
      out().println(Json.write(RunCommand.json(summary)));
    }
    return RunCommand.exitCode(summary);
  }
}
