package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionState;
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

  @Override
  protected int run(Workspace workspace) {
    Project project = workspace.project();
    Lineage lineage = new Lineage(project, workspace.clock());
    Map<AssetName, Map<String, PartitionState>> states =
        workspace.store().partitionsByAsset(List.of());
    List<AssetStatus> statuses = new ArrayList<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      Asset asset = project.asset(name);
      statuses.add(
          AssetStatus.of(
              asset,
              lineage.partitions(asset, lineage.domain(asset)),
              states.getOrDefault(name, Map.of())));
    }
    if (format == OutputFormat.json) {
      out().println(Json.write(statuses.stream().map(AssetStatus::json).toList()));
      return 0;
    }
    TextTable table =
        new TextTable(
            List.of("asset", "kind", "pipeline", "built", "failed", "missing", "rows", "last run"));
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
              status.lastRun() == 0 ? "-" : "#" + status.lastRun()));
    }
    out().print(table.render(style));
    return 0;
  }

  private String missingCell(int missing) {
    return missing == 0 ? "0" : style.yellow(String.valueOf(missing));
  }

  /**
   * One asset's partitions in its domain, counted by state.
   *
   * @param lastRun the run that last wrote a partition, 0 when none did
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

    static AssetStatus of(
        Asset asset, List<PartitionKey> expected, Map<String, PartitionState> own) {
      int materialized = 0;
      int failed = 0;
      int invalid = 0;
      long rows = 0;
      PartitionState latest = null;
      for (PartitionKey key : expected) {
        PartitionState state = own.get(key.toString());
        if (state == null) {
          continue;
        }
        switch (state.status()) {
          case MATERIALIZED -> materialized++;
          case FAILED -> failed++;
          case INVALID -> invalid++;
        }
        rows += state.statistics().rows();
        if (latest == null || state.updatedAt().isAfter(latest.updatedAt())) {
          latest = state;
        }
      }
      int missing = expected.size() - materialized - failed - invalid;
      return new AssetStatus(
          asset,
          expected.size(),
          materialized,
          failed,
          invalid,
          missing,
          rows,
          latest == null ? 0 : latest.runId(),
          latest == null ? null : latest.updatedAt());
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
