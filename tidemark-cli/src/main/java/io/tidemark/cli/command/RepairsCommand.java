package io.tidemark.cli.command;

import io.tidemark.core.repair.RepairTarget;
import io.tidemark.core.state.HistoryService;
import io.tidemark.core.state.Repair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(
    name = "repairs",
    mixinStandardHelpOptions = true,
    description = "List stored repair plans and how far each got, newest first.")
public final class RepairsCommand extends HistoryCommand<Repair> {
  @Override
  protected List<Repair> fetch(HistoryService history, int limit) {
    return history.repairs(limit);
  }

  @Override
  protected String none() {
    return "No repairs yet.";
  }

  @Override
  protected List<String> headers() {
    return List.of("id", "status", "target", "days", "tasks", "created", "by", "last run");
  }

  @Override
  protected List<String> row(Repair repair) {
    String status = repair.status().name().toLowerCase(Locale.ROOT);
    return List.of(
        "#" + repair.id(),
        switch (repair.status()) {
          case SUCCEEDED -> style.green(status);
          case FAILED, INTERRUPTED -> style.red(status);
          default -> style.yellow(status);
        },
        RepairTarget.describe(repair.target()),
        repair.rangeStart().isEmpty() ? "-" : repair.rangeStart() + ".." + repair.rangeEnd(),
        String.valueOf(repair.taskCount()),
        repair.createdAt().toString(),
        repair.createdBy(),
        repair.latestRunId() == 0 ? "-" : "#" + repair.latestRunId());
  }

  @Override
  protected Map<String, Object> json(Repair repair) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", repair.id());
    json.put("status", repair.status().name().toLowerCase(Locale.ROOT));
    json.put("target", repair.target());
    json.put("start", repair.rangeStart());
    json.put("end", repair.rangeEnd());
    json.put("exclude", repair.exclude());
    json.put("stop_at", repair.stopAt());
    json.put("tasks", repair.taskCount());
    json.put("created_at", repair.createdAt().toString());
    json.put("created_by", repair.createdBy());
    json.put("latest_run", repair.latestRunId() == 0 ? null : repair.latestRunId());
    return json;
  }
}
