package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.state.Repair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "repairs",
    mixinStandardHelpOptions = true,
    description = "List stored repair plans and how far each got, newest first.")
public final class RepairsCommand extends ProjectCommand {
  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    List<Repair> repairs = workspace.store().recentRepairs(limit);
    if (format == OutputFormat.json) {
      out().println(Json.write(repairs.stream().map(RepairsCommand::json).toList()));
      return 0;
    }
    if (repairs.isEmpty()) {
      out().println("No repairs yet.");
      return 0;
    }
    TextTable table =
        new TextTable(
            List.of("id", "status", "target", "days", "tasks", "created", "by", "last run"));
    for (Repair repair : repairs) {
      String status = repair.status().name().toLowerCase(Locale.ROOT);
      table.add(
          List.of(
              "#" + repair.id(),
              switch (repair.status()) {
                case SUCCEEDED -> style.green(status);
                case FAILED, INTERRUPTED -> style.red(status);
                default -> style.yellow(status);
              },
              RepairCommand.describeTarget(repair.target()),
              repair.rangeStart().isEmpty() ? "-" : repair.rangeStart() + ".." + repair.rangeEnd(),
              String.valueOf(repair.taskCount()),
              repair.createdAt().toString(),
              repair.createdBy(),
              repair.latestRunId() == 0 ? "-" : "#" + repair.latestRunId()));
    }
    out().print(table.render(style));
    return 0;
  }

  private static Map<String, Object> json(Repair repair) {
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
