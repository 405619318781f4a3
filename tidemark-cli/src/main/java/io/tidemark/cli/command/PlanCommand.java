package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Json;
import io.tidemark.core.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Show what `tidemark run` would do for a selection and date range, without running it.")
public final class PlanCommand extends ProjectCommand {
  @Mixin PlanOptions planOptions;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    Plan plan = planOptions.plan(workspace);
    if (format == OutputFormat.json) {
      out().println(Json.write(PlanPrinter.json(plan)));
    } else {
      out().print(PlanPrinter.text(workspace.project(), plan, style));
    }
    return 0;
  }
}
