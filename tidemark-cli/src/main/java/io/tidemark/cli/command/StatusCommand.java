package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.ImpactService;
import io.tidemark.core.impact.StaleReport;
import io.tidemark.core.impact.Staleness;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.WarehouseContents;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.PartitionTally;
import io.tidemark.core.warehouse.WarehouseSession;
import java.time.Instant;
import java.util.ArrayList;
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

  @Override
  protected int run(Workspace workspace) {
    if (stale) {
      return stale(workspace);
    }
    Project project = workspace.project();
    Lineage lineage = new Lineage(project, workspace.clock());
    // Counted by the database: the keys each asset has in its domain, by status.
    Map<AssetName, Integer> expected = new LinkedHashMap<>();
    Map<AssetName, PartitionTally.KeyRun> runs = new java.util.HashMap<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      Asset asset = project.asset(name);
      Lineage.DomainKeys keys = lineage.domainKeys(asset);
      expected.put(name, (int) keys.count());
      if (keys.count() > 0) {
        runs.put(name, new PartitionTally.KeyRun(keys.first().toString(), keys.last().toString()));
      }
    }
    Map<AssetName, List<PartitionTally>> tallies = new java.util.HashMap<>();
    for (PartitionTally tally : workspace.store().tally(runs)) {
      tallies.computeIfAbsent(tally.asset(), k -> new ArrayList<>()).add(tally);
    }
    Map<AssetName, Integer> gone = goneFromWarehouse(workspace, lineage, tallies);
    Map<AssetName, int[]> checks = new java.util.HashMap<>();
    for (CheckResult result : workspace.store().latestCheckResults(List.of())) {
      checks.computeIfAbsent(result.asset(), k -> new int[4])[result.status().ordinal()]++;
    }
    List<AssetStatus> statuses = new ArrayList<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      Asset asset = project.asset(name);
      statuses.add(
          AssetStatus.of(
              asset,
              expected.get(name),
              tallies.getOrDefault(name, List.of()),
              gone.getOrDefault(name, 0)));
    }
    if (format == OutputFormat.json) {
      List<Map<String, Object>> json = new ArrayList<>();
      for (AssetStatus status : statuses) {
        Map<String, Object> entry = status.json();
        int[] counts = checks.get(status.asset().name());
        if (counts != null) {
          Map<String, Object> summary = new LinkedHashMap<>();
          for (CheckStatus checkStatus : CheckStatus.values()) {
            summary.put(
                checkStatus.name().toLowerCase(java.util.Locale.ROOT),
                counts[checkStatus.ordinal()]);
          }
          entry.put("checks", summary);
        }
        json.add(entry);
      }
      out().println(Json.write(json));
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
              status.kind(),
              status.asset().pipeline(),
              source ? "-" : status.materialized() + "/" + status.partitions(),
              failed == 0 ? "0" : style.red(String.valueOf(failed)),
              source ? "-" : missingCell(status.missing()),
              Formats.count(status.rows()),
              checksCell(checks.get(status.asset().name())),
              status.lastRun() == 0 ? "-" : "#" + status.lastRun()));
    }
    out().print(table.render(style));
    if (!gone.isEmpty()) {
      out().println();
      gone.forEach(
          (name, count) ->
              out()
                  .println(
                      style.yellow("note: ")
                          + name
                          + ": "
                          + Formats.plural(count, "partition")
                          + " recorded as built "
                          + (count == 1 ? "is" : "are")
                          + " not in the warehouse; `tidemark run` builds "
                          + (count == 1 ? "it" : "them")
                          + " again"));
    }
    return 0;
  }

  /**
   * Per model, how many partitions the store counts as built that the warehouse does not hold: all
   * of them when its table is gone; when the table was made again, those written before (read one
   * asset at a time, only for such tables).
   */
  private static Map<AssetName, Integer> goneFromWarehouse(
      Workspace workspace, Lineage lineage, Map<AssetName, List<PartitionTally>> tallies) {
    Map<AssetName, Long> generations;
    try (WarehouseSession session = workspace.warehouse().openSession()) {
      generations = session.tableGenerations();
    }
    WarehouseContents contents = new WarehouseContents(generations);
    Project project = lineage.project();
    Map<AssetName, Integer> gone = new java.util.TreeMap<>();
    tallies.forEach(
        (name, counts) -> {
          Asset asset = project.assets().get(name);
          if (asset == null || !asset.isModel()) {
            return;
          }
          for (PartitionTally tally : counts) {
            if (tally.status() != PartitionStatus.MATERIALIZED) {
              continue;
            }
            long generation = generations.getOrDefault(name, Long.MAX_VALUE);
            if (tally.firstRunId() >= generation) {
              continue;
            }
            int lost =
                (int)
                    workspace.store().partitions(List.of(name), lineage.domain(asset)).stream()
                        .filter(state -> !contents.holds(asset, state))
                        .count();
            if (lost > 0) {
              gone.put(name, lost);
            }
          }
        });
    return gone;
  }

  private int stale(Workspace workspace) {
    Project project = workspace.project();
    StaleReport stale = new ImpactService(project, workspace.store(), workspace.clock()).stale();
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
  private String checksCell(int[] counts) {
    if (counts == null) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    if (counts[CheckStatus.FAIL.ordinal()] > 0) {
      parts.add(style.red(counts[CheckStatus.FAIL.ordinal()] + " fail"));
    }
    if (counts[CheckStatus.ERROR.ordinal()] > 0) {
      parts.add(style.red(counts[CheckStatus.ERROR.ordinal()] + " error"));
    }
    if (counts[CheckStatus.WARN.ordinal()] > 0) {
      parts.add(style.yellow(counts[CheckStatus.WARN.ordinal()] + " warn"));
    }
    return parts.isEmpty() ? style.green("ok") : String.join(", ", parts);
  }

  private String missingCell(int missing) {
    return missing == 0 ? "0" : style.yellow(String.valueOf(missing));
  }

  /**
   * One asset's partitions in its domain, counted by state.
   *
   * @param lastRun the latest run that wrote a partition (the highest id), 0 when none did
   * @param lastWritten when that was; null when never
   */
  record AssetStatus(
      Asset asset,
      int partitions,
      int materialized,
      int failed,
      int invalid,
      int missing,
      long rows,
      long lastRun,
      Instant lastWritten) {

    static AssetStatus of(Asset asset, int expected, List<PartitionTally> tallies, int gone) {
      int materialized = 0;
      int failed = 0;
      int invalid = 0;
      long rows = 0;
      long lastRun = 0;
      Instant lastWritten = null;
      for (PartitionTally tally : tallies) {
        switch (tally.status()) {
          case MATERIALIZED -> materialized += (int) tally.partitions();
          case FAILED -> failed += (int) tally.partitions();
          case INVALID -> invalid += (int) tally.partitions();
        }
        rows += tally.rows();
        lastRun = Math.max(lastRun, tally.lastRunId());
        if (lastWritten == null || tally.lastWritten().isAfter(lastWritten)) {
          lastWritten = tally.lastWritten();
        }
      }
      materialized -= gone;
      int missing = expected - materialized - failed - invalid;
      return new AssetStatus(
          asset, expected, materialized, failed, invalid, missing, rows, lastRun, lastWritten);
    }

    String kind() {
      return asset.isSource() ? "source" : PlanPrinter.kind(asset);
    }

    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("asset", asset.name().toString());
      json.put("kind", kind());
      json.put("pipeline", asset.pipeline());
      json.put("partitions", partitions);
      json.put("materialized", asset.isSource() ? null : materialized);
      json.put("failed", failed);
      json.put("invalid", invalid);
      json.put("missing", asset.isSource() ? null : missing);
      json.put("rows", rows);
      json.put("last_run", lastRun == 0 ? null : lastRun);
      json.put("last_written", lastWritten);
      return json;
    }
  }
}
