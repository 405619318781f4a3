package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.state.HistoryService;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatus;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List recent runs; `runs show ID` for one run's tasks.",
    subcommands = RunsCommand.Show.class)
public final class RunsCommand extends ProjectCommand {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Option(
      names = "--limit",
      paramLabel = "N",
      converter = Arguments.AtLeastOne.class,
      description = "Runs to list (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    List<Run> runs = workspace.historyService().runs(limit);
    if (format == OutputFormat.json) {
      out().println(Json.write(runs.stream().map(RunsCommand::json).toList()));
      return 0;
    }
    if (runs.isEmpty()) {
      out().println("No runs yet. Start one with `tidemark run`.");
      return 0;
    }
    TextTable table =
        new TextTable(
            List.of(
                "run",
                "trigger",
                "status",
                "selection",
                "range",
                "tasks",
                "started (UTC)",
                "took"));
    for (Run run : runs) {
      table.add(
          List.of(
              "#" + run.id(),
              lower(run.trigger().name()),
              status(run),
              run.selection().isBlank() ? "(everything)" : run.selection(),
              run.rangeStart() + ".." + run.rangeEnd(),
              Formats.count(run.taskCount()),
              TIME.format(run.startedAt()),
              run.ended()
                  .map(e -> Formats.duration(Duration.between(run.startedAt(), e)))
                  .orElse("-")));
    }
    out().print(table.render(style));
    return 0;
  }

  private String status(Run run) {
    String text = lower(run.status().name());
    return switch (run.status()) {
      case SUCCEEDED -> style.green(text);
      case FAILED -> style.red(text);
      case INTERRUPTED, RUNNING -> style.yellow(text);
    };
  }

  static Map<String, Object> json(Run run) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", run.id());
    json.put("trigger", lower(run.trigger().name()));
    json.put("status", lower(run.status().name()));
    json.put("selection", run.selection());
    json.put("start", run.rangeStart());
    json.put("end", run.rangeEnd());
    json.put("tasks", run.taskCount());
    json.put("started_at", run.startedAt());
    json.put("ended_at", run.endedAt());
    json.put("host", run.owner().host());
    json.put("pid", run.owner().pid());
    return json;
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Show one run and every task attempt in it, and what the failed attempts printed",
        "(the statement, the warehouse's error)."
      })
  static final class Show extends ProjectCommand {
    @Parameters(paramLabel = "ID", description = "The run id (as listed by `tidemark runs`).")
    long id;

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.text;

    @Option(names = "--logs", description = "Print what every attempt printed, not only failures.")
    boolean logs;

    @Override
    protected int run(Workspace workspace) {
      HistoryService.RunDetail detail = workspace.historyService().run(id);
      Run run = detail.run();
      List<TaskAttempt> attempts = detail.attempts();
      if (format == OutputFormat.json) {
        Map<String, Object> json = RunsCommand.json(run);
        json.put(
            "attempts",
            attempts.stream()
                .map(
                    attempt -> {
                      Map<String, Object> fields = json(attempt);
                      fields.put("log", detail.log(attempt));
                      return fields;
                    })
                .toList());
        out().println(Json.write(json));
        return 0;
      }
      out()
          .println(
              style.bold("Run #" + run.id())
                  + " · "
                  + lower(run.trigger().name())
                  + " · "
                  + lower(run.status().name())
                  + " · "
                  + (run.selection().isBlank() ? "(everything)" : run.selection())
                  + " · "
                  + run.rangeStart()
                  + ".."
                  + run.rangeEnd());
      out()
          .println(
              "started "
                  + TIME.format(run.startedAt())
                  + " UTC"
                  + run.ended()
                      .map(e -> ", took " + Formats.duration(Duration.between(run.startedAt(), e)))
                      .orElse("")
                  + " · host "
                  + run.owner().host()
                  + " pid "
                  + run.owner().pid()
                  + "\n");
      TextTable table =
          new TextTable(
              List.of(
                  "asset",
                  "partition",
                  "try",
                  "status",
                  "rows",
                  "bytes",
                  "queued",
                  "wall",
                  "cpu",
                  "heap",
                  "read",
                  "scanned",
                  "engine cpu",
                  "peak mem",
                  "message"));
      for (TaskAttempt attempt : attempts) {
        table.add(
            List.of(
                attempt.asset().toString(),
                attempt.partition(),
                attempt.attempt() == 0 ? "-" : String.valueOf(attempt.attempt()),
                paint(attempt.status()),
                Formats.count(attempt.statistics().rows()),
                Formats.bytes(attempt.statistics().bytesWritten()),
                Formats.millis(attempt.statistics().queuedMillis()),
                Formats.millis(attempt.statistics().wallMillis()),
                Formats.millis(attempt.statistics().cpuMillis()),
                Formats.bytes(attempt.statistics().memoryBytes()),
                Formats.count(attempt.statistics().engine().rowsRead()),
                Formats.bytes(attempt.statistics().engine().bytesScanned()),
                Formats.millis(attempt.statistics().engine().cpuMillis()),
                Formats.bytes(attempt.statistics().engine().peakMemoryBytes()),
                shortMessage(attempt.message())));
      }
      out().print(table.render(style));
      for (TaskAttempt attempt : attempts) {
        String log = detail.log(attempt);
        if (!log.isEmpty() && (logs || attempt.status() == TaskStatus.FAILED)) {
          out()
              .println(
                  "\n"
                      + style.bold(
                          "Log of "
                              + attempt.asset()
                              + " "
                              + attempt.partition()
                              + ", try "
                              + attempt.attempt())
                      + " ("
                      + paint(attempt.status())
                      + "):");
          out().print(log);
        }
      }
      return 0;
    }

    private String paint(TaskStatus status) {
      String text = lower(status.name());
      return switch (status) {
        case SUCCEEDED -> style.green(text);
        case FAILED -> style.red(text);
        default -> style.yellow(text);
      };
    }

    private static String shortMessage(String text) {
      String line = Formats.firstLine(text);
      return line.length() > 100 ? line.substring(0, 97) + "..." : line;
    }

    static Map<String, Object> json(TaskAttempt attempt) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("asset", attempt.asset().toString());
      json.put("partition", attempt.partition());
      json.put("attempt", attempt.attempt());
      json.put("status", lower(attempt.status().name()));
      json.put("started_at", attempt.startedAt());
      json.put("ended_at", attempt.endedAt());
      json.put("rows", attempt.statistics().rows());
      json.put("bytes_written", attempt.statistics().bytesWritten());
      json.put("wall_ms", attempt.statistics().wallMillis());
      json.put("cpu_ms", attempt.statistics().cpuMillis());
      json.put("heap_allocated_bytes", attempt.statistics().memoryBytes());
      json.put("queued_ms", attempt.statistics().queuedMillis());
      json.put("rows_read", attempt.statistics().engine().rowsRead());
      json.put("bytes_scanned", attempt.statistics().engine().bytesScanned());
      json.put("engine_cpu_ms", attempt.statistics().engine().cpuMillis());
      json.put("peak_memory_bytes", attempt.statistics().engine().peakMemoryBytes());
      json.put("data_version", attempt.dataVersion());
      json.put("message", attempt.message());
      return json;
    }
  }
}
