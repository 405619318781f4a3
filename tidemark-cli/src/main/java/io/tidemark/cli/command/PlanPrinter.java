package io.tidemark.cli.command;

import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Style;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionRanges;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.PlannedTask;
import io.tidemark.core.plan.TaskReason;
import io.tidemark.core.project.Project;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints a plan so a person can check it before anything runs. */
final class PlanPrinter {
  private PlanPrinter() {}

  static String text(Project project, Plan plan, Style style) {
    StringBuilder out = new StringBuilder();
    out.append(style.bold("Plan"))
        .append(" for ")
        .append(project.config().name())
        .append(": ")
        .append(plan.range().start().toLocalDate())
        .append("..")
        .append(plan.range().end().toLocalDate().minusDays(1))
        .append(", selection ")
        .append(plan.selection().isBlank() ? "(everything)" : "'" + plan.selection() + "'")
        .append("\n\n");
    if (plan.isEmpty()) {
      out.append("Nothing to do: ")
          .append(Formats.plural(plan.upToDate(), "partition"))
          .append(" in range already up to date.\n");
    } else {
      TextTable table = new TextTable(List.of("asset", "kind", "tasks", "partitions", "why"));
      for (Map.Entry<AssetName, List<PlannedTask>> entry : plan.byAsset().entrySet()) {
        Asset asset = project.asset(entry.getKey());
        table.add(
            List.of(
                entry.getKey().toString(),
                kind(asset),
                Formats.count(entry.getValue().size()),
                PartitionRanges.describe(
                    entry.getValue().stream().map(t -> t.task().partition()).toList()),
                reasons(entry.getValue())));
      }
      out.append(table.render(style)).append('\n');
      out.append(style.bold(Formats.plural(plan.tasks().size(), "task")))
          .append(" over ")
          .append(Formats.plural(plan.byAsset().size(), "asset"))
          .append("; ")
          .append(Formats.plural(plan.upToDate(), "partition"))
          .append(" up to date and left alone.\n");
    }
    for (String warning : plan.warnings()) {
      out.append(style.yellow("warning: ")).append(warning).append('\n');
    }
    return out.toString();
  }

  static String kind(Asset asset) {
    String kind = asset.materialization().label();
    return asset.isPartitioned() ? kind + "/" + asset.grain().label() : kind;
  }

  private static String reasons(List<PlannedTask> tasks) {
    Map<TaskReason, Integer> counts = new EnumMap<>(TaskReason.class);
    tasks.forEach(t -> counts.merge(t.reason(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach(
        (reason, count) ->
            parts.add(reason.description() + (tasks.size() > 1 ? " (" + count + ")" : "")));
    return String.join(", ", parts);
  }

  static Map<String, Object> json(Plan plan) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("selection", plan.selection());
    json.put("start", plan.range().start().toLocalDate().toString());
    json.put("end", plan.range().end().toLocalDate().minusDays(1).toString());
    json.put("tasks", plan.tasks().size());
    json.put("up_to_date", plan.upToDate());
    List<Map<String, Object>> assets = new ArrayList<>();
    for (Map.Entry<AssetName, List<PlannedTask>> entry : plan.byAsset().entrySet()) {
      Map<String, Object> asset = new LinkedHashMap<>();
      asset.put("asset", entry.getKey().toString());
      List<Map<String, Object>> partitions = new ArrayList<>();
      for (PlannedTask task : entry.getValue()) {
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put("partition", task.task().partition().toString());
        partition.put("reason", task.reason().name().toLowerCase(Locale.ROOT));
        partition.put("waits_for", task.upstream().stream().map(Object::toString).toList());
        partitions.add(partition);
      }
      asset.put("partitions", partitions);
      assets.add(asset);
    }
    json.put("assets", assets);
    json.put("warnings", plan.warnings());
    return json;
  }
}
