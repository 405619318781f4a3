package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Json;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.impact.ImpactContext;
import io.tidemark.core.impact.ImpactReport;
import io.tidemark.core.partition.TimeRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "impact",
    mixinStandardHelpOptions = true,
    description = {
      "Show every downstream partition, across all pipelines, that read the asset's partitions in"
          + " the range (directly or not), with the path that makes each affected.",
      "Nothing is changed; `tidemark repair` rebuilds exactly this set."
    })
public final class ImpactCommand extends ProjectCommand {
  @Parameters(index = "0", paramLabel = "ASSET", description = "The asset whose data went wrong.")
  String assetName;

  @Mixin DateRangeOptions range;

  @Option(
      names = "--stop-at",
      paramLabel = "SELECTION",
      description = "Do not follow the readers of these assets.")
  String stopAt;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    Asset asset = workspace.project().resolve(assetName);
    TimeRange timeRange = range.range(workspace.project(), workspace.clock());
    ImpactReport report =
        workspace.impactService().impact(asset.name(), timeRange, stopAt == null ? "" : stopAt);
    ImpactPrinter printer = new ImpactPrinter(workspace.project(), report.estimates(), style);
    if (format == OutputFormat.json) {
      out()
          .println(
              Json.write(
                  printer.json(report.impact(), ImpactPrinter.header(asset.name(), timeRange))));
    } else {
      out()
          .println(
              style.bold("Impact")
                  + " of "
                  + asset.name()
                  + " "
                  + ImpactContext.describe(timeRange)
                  + "\n");
      out().print(printer.text(report.impact()));
    }
    return 0;
  }
}
