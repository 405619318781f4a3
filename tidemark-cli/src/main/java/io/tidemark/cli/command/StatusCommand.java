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
import io.tidemark.core.state.PartitionStatus;
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
    Map<AssetName, Map<String, PartitionState>> states = workspace.partitionStates(List.of());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      Asset asset = project.asset(name);
      Map<String, PartitionState> own = states.getOrDefault(name, Map.of());
      int materialized = 0;
      int failed = 0;
      int invalid = 0;
      int missing = 0;
      long totalRows = 0;
      long lastRun = 0;
      Instant lastWrite = null;
      List<PartitionKey> expected = lineage.partitions(asset, lineage.domain(asset));
      for (PartitionKey key : expected) {
        PartitionState state = own.get(key.toString());
        if (state == null) {
          missing++;
          continue;
        }
        switch (state.status()) {
          case MATERIALIZED -> materialized++;
          case FAILED -> failed++;
          case INVALID -> invalid++;
        }
        if (state.status() != PartitionStatus.FAILED || state.statistics().rows() > 0) {
          totalRows += state.statistics().rows();
        }
        if (lastWrite == null || state.updatedAt().isAfter(lastWrite)) {
          lastWrite = state.updatedAt();
          lastRun = state.runId();
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("asset", name.toString());
      row.put("kind", asset.isSource() ? "source" : PlanPrinter.kind(asset));
      row.put("pipeline", asset.pipeline());
      row.put("partitions", expected.size());
      row.put("materialized", asset.isSource() ? null : materialized);
      row.put("failed", failed);
      row.put("invalid", invalid);
      row.put("missing", asset.isSource() ? null : missing);
      row.put("rows", totalRows);
      row.put("last_run", lastRun == 0 ? null : lastRun);
      row.put("last_written", lastWrite);
      rows.add(row);
    }
    if (format == OutputFormat.json) {
      out().println(Json.write(rows));
      return 0;
    }
    TextTable table =
        new TextTable(
            List.of("asset", "kind", "pipeline", "built", "failed", "missing", "rows", "last run"));
    for (Map<String, Object> row : rows) {
      boolean source = "source".equals(row.get("kind"));
      int partitions = (Integer) row.get("partitions");
      int failed = (Integer) row.get("failed") + (Integer) row.get("invalid");
      table.add(
          List.of(
              row.get("asset").toString(),
              row.get("kind").toString(),
              row.get("pipeline").toString(),
              source ? "-" : row.get("materialized") + "/" + partitions,
              failed == 0 ? "0" : style.red(String.valueOf(failed)),
              source ? "-" : missingCell((Integer) row.get("missing")),
              Formats.count((Long) row.get("rows")),
              row.get("last_run") == null ? "-" : "#" + row.get("last_run")));
    }
    out().print(table.render(style));
    return 0;
  }

  private String missingCell(int missing) {
    return missing == 0 ? "0" : style.yellow(String.valueOf(missing));
  }
}
