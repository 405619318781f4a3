package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.incident.Invalidation;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.state.Incident;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "invalidate",
    mixinStandardHelpOptions = true,
    description = {
      "Record an incident: the asset's partitions between --start and --end hold bad data.",
      "They are marked invalid (a run rebuilds invalid model partitions; `tidemark repair`"
          + " rebuilds them and everything downstream)."
    })
public final class InvalidateCommand extends ProjectCommand {
  @Parameters(index = "0", paramLabel = "ASSET", description = "The asset holding bad data.")
  String assetName;

  @Mixin DateRangeOptions range;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "What went wrong, for the incident record.")
  String reason;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    if (reason.isBlank()) {
      throw new TidemarkException(ErrorCode.INVALID_ARGUMENT, "--reason must say what went wrong");
    }
    Asset asset = workspace.project().resolve(assetName);
    if (range.start == null || range.end == null) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "invalidate needs --start and --end: the days of " + asset.name() + " that are bad");
    }
    range.range(workspace.project(), workspace.clock());
    Invalidation invalidation =
        workspace
            .incidentService()
            .invalidate(asset.name(), range.start, range.end, reason, Workspace.currentUser());
    Incident incident = invalidation.incident();
    PartitionSet partitions = invalidation.partitions();
    List<String> keys = partitions.keys().stream().map(Object::toString).toList();
    Impact impact = invalidation.impact();
    String window = "--start " + range.start + " --end " + range.end;
    if (format == OutputFormat.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("incident_id", incident.id());
      json.put("asset", asset.name().toString());
      json.put("partitions", keys);
      json.put("reason", reason);
      json.put("reported_by", incident.reportedBy());
      json.put("downstream_partitions", impact.downstreamPartitionCount());
      out().println(Json.write(json));
      return 0;
    }
    out()
        .println(
            style.bold("Incident " + incident.id())
                + " recorded: "
                + asset.name()
                + " "
                + partitions.describe()
                + " ("
                + Formats.plural(partitions.size(), "partition")
                + ") marked invalid: "
                + reason);
    out()
        .println(
            Formats.plural(impact.downstreamPartitionCount(), "partition")
                + " downstream read them: `tidemark impact "
                + asset.name()
                + " "
                + window
                + "` shows them; `tidemark repair "
                + asset.name()
                + " "
                + window
                + "` rebuilds them once the data is right.");
    return 0;
  }
}
