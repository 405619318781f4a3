package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.StaleReport;
import io.tidemark.core.impact.Staleness;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.status.AssetStatus;
import io.tidemark.core.status.StatusService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Per asset: partitions materialised, failed and missing, rows, and the last run that wrote it.")
public final class StatusCommand extends ProjectCommand {
  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Option(
      names = "--stale",
      description =
          "List partitions whose inputs changed since they were built, and invalid ones, grouped"
              + " into date ranges.")
  boolean stale;

  @Option(
      names = "--verbose",
      description =
          "Also show the warehouse's resources: memory limit, threads, spill directory, and why.")
  boolean verbose;

  @Override
  protected int run(Workspace workspace) {
    StatusService service = workspace.statusService();
    if (verbose && format == OutputFormat.text) {
      out().println(style.bold("Warehouse") + " " + workspace.warehouseLocation());
      for (String line : workspace.warehouseResources()) {
        out().println("  " + line);
      }
      out().println();
    }
    if (stale) {
      return stale(workspace.project(), service.stale());
    }
    List<AssetStatus> statuses = service.status();
    if (format == OutputFormat.json) {
      out().println(Json.write(statuses.stream().map(StatusCommand::json).toList()));
      return 0;
    }
    TextTable table =
        new TextTable(
            List.of(
                "asset",
                "kind",
                "pipeline",
                "built",
                "failed",
                "missing",
                "rows",
                "checks",
                "last run"));
    for (AssetStatus status : statuses) {
      boolean source = status.asset().isSource();
      int failed = status.failed() + status.invalid();
      table.add(
          List.of(
              status.asset().name().toString(),
              kind(status.asset()),
              status.asset().pipeline(),
              source ? "-" : status.materialized() + "/" + status.partitions(),
              failed == 0 ? "0" : style.red(String.valueOf(failed)),
              source ? "-" : missingCell(status.missing()),
              Formats.count(status.rows()),
              checksCell(status.checks()),
              status.lastRun() == 0 ? "-" : "#" + status.lastRun()));
    }
    out().print(table.render(style));
    List<AssetStatus> gone =
        statuses.stream()
            .filter(status -> status.gone() > 0)
            .sorted(Comparator.comparing(status -> status.asset().name()))
            .toList();
    if (!gone.isEmpty()) {
      out().println();
      for (AssetStatus status : gone) {
        int count = status.gone();
        out()
            .println(
                style.yellow("note: ")
                    + status.asset().name()
                    + ": "
                    + Formats.plural(count, "partition")
                    + " recorded as built "
                    + (count == 1 ? "is" : "are")
                    + " not in the warehouse; `tidemark run` builds "
                    + (count == 1 ? "it" : "them")
                    + " again");
      }
    }
    return 0;
  }

  private int stale(Project project, StaleReport stale) {
    Staleness.Report report = stale.staleness();
    long downstream = stale.downstreamPartitions();
    if (format == OutputFormat.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("stale", staleJson(report.stale(), report.changedInputs()));
      json.put("invalid", staleJson(report.invalid(), Map.of()));
      json.put("downstream_partitions", downstream);
      out().println(Json.write(json));
      return 0;
    }
    if (report.isEmpty()) {
      out().println("Nothing is stale: every partition matches its inputs.");
      return 0;
    }
    TextTable table = new TextTable(List.of("asset", "state", "partitions", "count", "why"));
    report
        .stale()
        .forEach(
            (name, partitions) ->
                table.add(
                    List.of(
                        name.toString(),
                        style.yellow("stale"),
                        partitions.describe(),
                        Formats.count(partitions.size()),
                        "inputs changed: "
                            + String.join(
                                ", ",
                                report.changedInputs().getOrDefault(name, List.of()).stream()
                                    .map(Object::toString)
                                    .toList()))));
    report
        .invalid()
        .forEach(
            (name, partitions) ->
                table.add(
                    List.of(
                        name.toString(),
                        style.red("invalid"),
                        partitions.describe(),
                        Formats.count(partitions.size()),
                        project.asset(name).isSource()
                            ? "marked bad; reload it, then `tidemark sources scan`"
                            : "marked bad by an incident")));
    out().print(table.render(style));
    out()
        .println(
            "\n"
                + Formats.plural(downstream, "more partition")
                + " downstream read them. `tidemark repair --stale --dry-run` shows the whole plan.");
    return 0;
  }

  private static List<Map<String, Object>> staleJson(
      Map<AssetName, PartitionSet> partitions, Map<AssetName, List<AssetName>> changedInputs) {
    List<Map<String, Object>> list = new ArrayList<>();
    partitions.forEach(
        (name, keys) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("asset", name.toString());
          entry.put("ranges", ImpactPrinter.ranges(keys));
          entry.put("count", keys.size());
          if (changedInputs.containsKey(name)) {
            entry.put(
                "changed_inputs", changedInputs.get(name).stream().map(Object::toString).toList());
          }
          list.add(entry);
        });
    return list;
  }

  /** The latest check results of an asset, worst first: "2 fail", "1 warn", "ok". */
  private String checksCell(Map<CheckStatus, Integer> counts) {
    if (counts.isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    if (counts.get(CheckStatus.FAIL) > 0) {
      parts.add(style.red(counts.get(CheckStatus.FAIL) + " fail"));
    }
    if (counts.get(CheckStatus.ERROR) > 0) {
      parts.add(style.red(counts.get(CheckStatus.ERROR) + " error"));
    }
    if (counts.get(CheckStatus.WARN) > 0) {
      parts.add(style.yellow(counts.get(CheckStatus.WARN) + " warn"));
    }
    String skipped =
        counts.getOrDefault(CheckStatus.SKIPPED, 0) > 0
            ? style.dim(counts.get(CheckStatus.SKIPPED) + " skipped")
            : "";
    if (parts.isEmpty()) {
      return counts.getOrDefault(CheckStatus.PASS, 0) == 0 && !skipped.isEmpty()
          ? skipped
          : style.green("ok") + (skipped.isEmpty() ? "" : ", " + skipped);
    }
    if (!skipped.isEmpty()) {
      parts.add(skipped);
    }
    return String.join(", ", parts);
  }

  private String missingCell(int missing) {
    return missing == 0 ? "0" : style.yellow(String.valueOf(missing));
  }

  private static String kind(Asset asset) {
    return asset.isSource() ? "source" : PlanPrinter.kind(asset);
  }

  private static Map<String, Object> json(AssetStatus status) {
    Asset asset = status.asset();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("asset", asset.name().toString());
    json.put("kind", kind(asset));
    json.put("pipeline", asset.pipeline());
    json.put("partitions", status.partitions());
    json.put("materialized", asset.isSource() ? null : status.materialized());
    json.put("failed", status.failed());
    json.put("invalid", status.invalid());
    json.put("missing", asset.isSource() ? null : status.missing());
    json.put("rows", status.rows());
    json.put("last_run", status.lastRun() == 0 ? null : status.lastRun());
    json.put("last_written", status.lastWritten());
    if (!status.checks().isEmpty()) {
      Map<String, Object> summary = new LinkedHashMap<>();
      for (CheckStatus checkStatus : CheckStatus.values()) {
        summary.put(
            checkStatus.name().toLowerCase(java.util.Locale.ROOT),
            status.checks().get(checkStatus));
      }
      json.put("checks", summary);
    }
    return json;
  }
}
