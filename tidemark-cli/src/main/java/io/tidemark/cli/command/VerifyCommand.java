package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.Incident;
import io.tidemark.core.verify.PartitionDifference;
import io.tidemark.core.verify.VerifyReport;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Fingerprint every recorded partition of the selected models in the warehouse (row count and"
          + " content hash) and compare it with what Tidemark wrote; partitions written before"
          + " content hashes were recorded are compared by row count alone.",
      "Partitions that are gone or were changed outside Tidemark are marked invalid by an"
          + " incident (so a run rebuilds them and what read them); --dry-run only reports.",
      "Exit code 1 when anything differs."
    })
public final class VerifyCommand extends ProjectCommand {
  @Option(
      names = {"-s", "--select"},
      converter = Arguments.Selection.class,
      paramLabel = "SELECTION",
      description = "Models to verify, as for run (default: every model).")
  String selection = "";

  @Mixin DateRangeOptions range;

  @Option(names = "--dry-run", description = "Report differences; record nothing.")
  boolean dryRun;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    Project project = workspace.project();
    TimeRange timeRange = range.range(project, workspace.clock());
    VerifyReport report =
        workspace.verifyService().verify(selection, timeRange, !dryRun, Workspace.currentUser());
    if (format == OutputFormat.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("partitions_checked", report.partitionsChecked());
      json.put("partitions_counted_only", report.partitionsCountedOnly());
      json.put("matches", report.matches());
      json.put(
          "differences",
          report.differences().stream()
              .map(
                  d -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("asset", d.asset().toString());
                    entry.put("partition", d.partition());
                    entry.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
                    entry.put("recorded_rows", d.recordedRows() < 0 ? null : d.recordedRows());
                    entry.put("actual_rows", d.actualRows() < 0 ? null : d.actualRows());
                    return entry;
                  })
              .toList());
      json.put("incidents", report.incidents().stream().map(Incident::id).toList());
      out().println(Json.write(json));
      return report.matches() ? 0 : 1;
    }
    if (report.matches()) {
      out()
          .println(
              style.green("OK")
                  + " "
                  + Formats.plural(report.partitionsChecked(), "recorded partition")
                  + " of "
                  + Formats.plural(report.checked().size(), "model")
                  + " match the warehouse.");
      printCountedOnly(report);
      return 0;
    }
    TextTable table = new TextTable(List.of("asset", "partition", "difference", "detail"));
    for (PartitionDifference difference : report.differences()) {
      table.add(
          List.of(
              difference.asset().toString(),
              difference.partition(),
              style.yellow(difference.kind().description()),
              difference.describe().substring(difference.partition().length() + 2)));
    }
    out().print(table.render(style));
    out()
        .println(
            "\n"
                + Formats.plural(report.differences().size(), "partition")
                + " of "
                + Formats.plural(report.partitionsChecked(), "recorded partition")
                + " differ from what Tidemark wrote.");
    printCountedOnly(report);
    for (Incident incident : report.incidents()) {
      out()
          .println(
              "Incident "
                  + incident.id()
                  + ": "
                  + incident.asset()
                  + " "
                  + Formats.plural(incident.partitions().size(), "partition")
                  + " marked invalid.");
    }
    out()
        .println(
            dryRun
                ? "Nothing recorded (--dry-run)."
                : "`tidemark run` rebuilds them and what read them; `tidemark impact` shows"
                    + " what read them.");
    return 1;
  }

  /**
   * Says which partitions could only be counted, so that a match is not read as more than it is.
   */
  private void printCountedOnly(VerifyReport report) {
    if (report.partitionsCountedOnly() == 0) {
      return;
    }
    List<String> assets =
        report.countedOnly().entrySet().stream()
            .sorted(Map.Entry.comparingByKey(Comparator.comparing(Object::toString)))
            .map(entry -> entry.getKey() + " (" + entry.getValue() + ")")
            .toList();
    out()
        .println(
            style.yellow("note:")
                + " "
                + Formats.plural(report.partitionsCountedOnly(), "partition")
                + " written before content hashes were recorded compared by row count alone, so a"
                + " value changed in place goes unseen there: "
                + String.join(", ", assets)
                + ". A run that rewrites them records their hash.");
  }
}
