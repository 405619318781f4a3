package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.quality.check.CheckReport;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate the data-quality checks of the selected assets on their partitions in the range,"
          + " record the results, and print them. Runs evaluate checks on every partition they"
          + " write; this command re-checks on demand.",
      "A check that did not judge a partition (too little history, unpartitioned) is skipped,"
          + " with its reason; it is counted apart and never as passed.",
      "Exit code 1 when an error-level check fails or cannot be evaluated."
    })
public final class CheckCommand extends ProjectCommand {
  @Option(
      names = {"-s", "--select"},
      converter = Arguments.Selection.class,
      paramLabel = "SELECTION",
      description = "Assets to check, as for run (default: everything).")
  String selection = "";

  @Mixin DateRangeOptions range;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    Project project = workspace.project();
    TimeRange timeRange = range.range(project, workspace.clock());
    CheckReport report = workspace.checkService().check(selection, timeRange);
    List<CheckResult> results = report.results();
    if (format == OutputFormat.json) {
      out().println(Json.write(results.stream().map(CheckCommand::json).toList()));
    } else {
      print(results);
    }
    return report.failed() ? 1 : 0;
  }

  private void print(List<CheckResult> results) {
    if (results.isEmpty()) {
      out().println("No checks to evaluate in range (assets never built are skipped).");
      return;
    }
    Map<String, List<CheckResult>> groups = new LinkedHashMap<>();
    for (CheckResult result : results) {
      groups
          .computeIfAbsent(
              result.asset() + "\t" + result.check() + "\t" + result.status(),
              k -> new ArrayList<>())
          .add(result);
    }
    TextTable table =
        new TextTable(List.of("asset", "check", "status", "partitions", "observed", "expected"));
    List<String> details = new ArrayList<>();
    for (List<CheckResult> group : groups.values()) {
      CheckResult first = group.get(0);
      boolean skipped = first.status() == CheckStatus.SKIPPED;
      boolean bad = first.status() != CheckStatus.PASS && !skipped;
      table.add(
          List.of(
              first.asset().toString(),
              first.check(),
              statusCell(first.status()),
              group.size() == 1 || bad || skipped
                  ? partitions(group)
                  : Formats.plural(group.size(), "partition"),
              bad && group.size() == 1 ? first.observed() : "",
              bad && group.size() == 1 ? first.expected() : ""));
      if (skipped) {
        details.add(
            statusCell(first.status())
                + " "
                + first.asset()
                + " "
                + first.check()
                + " "
                + partitions(group)
                + ": "
                + reasons(group));
      } else if (bad) {
        for (CheckResult result : group) {
          details.add(
              statusCell(result.status())
                  + " "
                  + result.asset()
                  + " "
                  + result.check()
                  + " "
                  + result.partition()
                  + ": "
                  + result.message());
          result.sample().forEach(row -> details.add("    " + style.dim(row)));
        }
      }
    }
    out().print(table.render(style));
    if (!details.isEmpty()) {
      out().println();
      details.forEach(out()::println);
    }
    long pass = results.stream().filter(r -> r.status() == CheckStatus.PASS).count();
    out()
        .println(
            "\n"
                + Formats.plural(results.size(), "result")
                + ": "
                + pass
                + " pass, "
                + count(results, CheckStatus.SKIPPED)
                + " skipped, "
                + count(results, CheckStatus.WARN)
                + " warn, "
                + count(results, CheckStatus.FAIL)
                + " fail, "
                + count(results, CheckStatus.ERROR)
                + " error.");
  }

  private static long count(List<CheckResult> results, CheckStatus status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  private String statusCell(CheckStatus status) {
    String text = status.name().toLowerCase(Locale.ROOT);
    return switch (status) {
      case PASS -> style.green(text);
      case WARN -> style.yellow(text);
      case SKIPPED -> style.dim(text);
      default -> style.red(text);
    };
  }

  /** The reasons of skipped results, each once: the first partitions' usually differ in count. */
  private static String reasons(List<CheckResult> group) {
    List<String> messages = group.stream().map(CheckResult::message).distinct().toList();
    return messages.size() <= 2
        ? String.join("; ", messages)
        : messages.get(0) + " … " + messages.get(messages.size() - 1);
  }

  private static String partitions(List<CheckResult> group) {
    List<String> keys = group.stream().map(CheckResult::partition).toList();
    return keys.size() <= 3
        ? String.join(", ", keys)
        : keys.get(0) + " … " + keys.get(keys.size() - 1) + " (" + keys.size() + ")";
  }

  static Map<String, Object> json(CheckResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("asset", result.asset().toString());
    json.put("check", result.check());
    json.put("partition", result.partition());
    json.put("status", result.status().name().toLowerCase(Locale.ROOT));
    json.put("severity", result.severity());
    json.put("observed", result.observed());
    json.put("expected", result.expected());
    json.put("sample", result.sample());
    json.put("message", result.message());
    json.put("run_id", result.runId() == 0 ? null : result.runId());
    json.put("checked_at", result.checkedAt().toString());
    return json;
  }
}
