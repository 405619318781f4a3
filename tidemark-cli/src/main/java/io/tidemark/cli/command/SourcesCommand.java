package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.source.SourceScan;
import io.tidemark.core.source.SourceScanReport;
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
    name = "sources",
    mixinStandardHelpOptions = true,
    description = "Work with source tables (loaded outside Tidemark).",
    subcommands = {SourcesCommand.Scan.class})
public final class SourcesCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "scan",
      mixinStandardHelpOptions = true,
      description = {
        "Fingerprint source partitions (row count and an order-independent hash, computed in the"
            + " warehouse) and record a new data version where the data changed.",
        "Partitions that read a changed source partition become stale; `tidemark status --stale`"
            + " lists them and `tidemark repair --stale` rebuilds them."
      })
  public static final class Scan extends ProjectCommand {
    @Option(
        names = {"-s", "--select"},
        converter = Arguments.Selection.class,
        paramLabel = "SELECTION",
        description = "Sources to scan (default: every source).")
    String selection = "";

    @Mixin DateRangeOptions range;

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.text;

    @Override
    protected int run(Workspace workspace) {
      Project project = workspace.project();
      TimeRange timeRange = range.range(project, workspace.clock());
      SourceScanReport report = workspace.sourceService().scan(selection, timeRange);
      List<SourceScan> scans = report.scans();
      Map<AssetName, PartitionSet> changed = report.changed();
      Impact impact = report.impact();
      if (format == OutputFormat.json) {
        out().println(Json.write(json(project, scans, impact)));
        return 0;
      }
      TextTable table = new TextTable(List.of("source", "scanned", "changed", "partitions"));
      for (SourceScan scan : scans) {
        long first = scan.changes().stream().filter(SourceScan.Change::isFirstScan).count();
        PartitionSet partitions = scan.changed(project.asset(scan.source()).grain());
        table.add(
            List.of(
                scan.source().toString(),
                Formats.count(scan.scanned()),
                partitions.isEmpty() ? "0" : style.yellow(Formats.count(partitions.size())),
                (partitions.isEmpty() ? "" : partitions.describe() + " ")
                    + (first == 0 ? "" : style.dim("(" + first + " scanned for the first time)"))));
      }
      out().print(table.render(style));
      for (SourceScan scan : scans) {
        for (CheckResult result : scan.checks()) {
          if (result.status() != CheckStatus.PASS && result.status() != CheckStatus.SKIPPED) {
            out()
                .println(
                    (result.status() == CheckStatus.WARN
                            ? style.yellow("warn ")
                            : style.red(result.status().name().toLowerCase(Locale.ROOT) + " "))
                        + result.asset()
                        + " "
                        + result.check()
                        + " "
                        + result.partition()
                        + ": "
                        + result.message());
          }
        }
      }
      if (changed.isEmpty()) {
        out().println("\nNo source data changed since the last scan.");
      } else {
        out()
            .println(
                "\n"
                    + style.bold(Formats.plural(impact.downstreamPartitionCount(), "partition"))
                    + " downstream read changed data. `tidemark status --stale` lists them;"
                    + " `tidemark repair --stale` rebuilds them.");
      }
      return 0;
    }

    private static Map<String, Object> json(
        Project project, List<SourceScan> scans, Impact impact) {
      Map<String, Object> json = new LinkedHashMap<>();
      List<Map<String, Object>> sources = new ArrayList<>();
      for (SourceScan scan : scans) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("source", scan.source().toString());
        source.put("scanned", scan.scanned());
        List<Map<String, Object>> changes = new ArrayList<>();
        for (SourceScan.Change change : scan.changes()) {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("partition", change.partition().toString());
          entry.put("rows_before", change.isFirstScan() ? null : change.rowsBefore());
          entry.put("rows_after", change.rowsAfter());
          entry.put("first_scan", change.isFirstScan());
          changes.add(entry);
        }
        source.put("changes", changes);
        source.put("checks", scan.checks().stream().map(CheckCommand::json).toList());
        sources.add(source);
      }
      json.put("sources", sources);
      json.put("downstream_partitions", impact.downstreamPartitionCount());
      return json;
    }
  }
}
