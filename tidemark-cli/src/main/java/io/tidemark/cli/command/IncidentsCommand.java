package io.tidemark.cli.command;

import io.tidemark.core.state.HistoryService;
import io.tidemark.core.state.Incident;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(
    name = "incidents",
    mixinStandardHelpOptions = true,
    description = "List recorded incidents (see `tidemark invalidate`), newest first.")
public final class IncidentsCommand extends HistoryCommand<Incident> {
  @Override
  protected List<Incident> fetch(HistoryService history, int limit) {
    return history.incidents(limit);
  }

  @Override
  protected String none() {
    return "No incidents recorded.";
  }

  @Override
  protected List<String> headers() {
    return List.of("id", "asset", "days", "partitions", "reported", "by", "reason");
  }

  @Override
  protected List<String> row(Incident incident) {
    return List.of(
        "#" + incident.id(),
        incident.asset().toString(),
        incident.rangeStart() + ".." + incident.rangeEnd(),
        String.valueOf(incident.partitions().size()),
        incident.reportedAt().toString(),
        incident.reportedBy(),
        incident.reason());
  }

  @Override
  protected Map<String, Object> json(Incident incident) {
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
