package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.state.Incident;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "incidents",
    mixinStandardHelpOptions = true,
    description = "List recorded incidents (see `tidemark invalidate`), newest first.")
public final class IncidentsCommand extends ProjectCommand {
  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    List<Incident> incidents = workspace.store().recentIncidents(limit);
    if (format == OutputFormat.json) {
      out().println(Json.write(incidents.stream().map(IncidentsCommand::json).toList()));
      return 0;
    }
    if (incidents.isEmpty()) {
      out().println("No incidents recorded.");
      return 0;
    }
    TextTable table =
        new TextTable(List.of("id", "asset", "days", "partitions", "reported", "by", "reason"));
    for (Incident incident : incidents) {
      table.add(
          List.of(
              "#" + incident.id(),
              incident.asset().toString(),
              incident.rangeStart() + ".." + incident.rangeEnd(),
              String.valueOf(incident.partitions().size()),
              incident.reportedAt().toString(),
              incident.reportedBy(),
              incident.reason()));
    }
    out().print(table.render(style));
    return 0;
  }

  private static Map<String, Object> json(Incident incident) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", incident.id());
    json.put("asset", incident.asset().toString());
    json.put("start", incident.rangeStart());
    json.put("end", incident.rangeEnd());
    json.put("partitions", incident.partitions());
    json.put("reason", incident.reason());
    json.put("reported_by", incident.reportedBy());
    json.put("reported_at", incident.reportedAt().toString());
    return json;
  }
}
