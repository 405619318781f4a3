package io.tidemark.cli.command;

import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Style;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.cost.CostEstimate;
import io.tidemark.core.cost.CostParts;
import io.tidemark.core.cost.CostRates;
import io.tidemark.core.impact.Estimates;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.repair.RepairPlan;
import io.tidemark.core.repair.RepairProposal;
import io.tidemark.core.repair.RepairTarget;
import io.tidemark.core.state.Repair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints a repair plan so a person can check it before it runs, like SQLMesh's plan summary. */
final class RepairPrinter {
  private final Estimates estimates;
  private final CostRates rates;
  private final Style style;
  private final int threadCount;

  /**
   * @param rates the project's cost rates; without any, the plan shows no cost
   */
  RepairPrinter(Estimates estimates, CostRates rates, Style style, int threadCount) {
    this.estimates = estimates;
    this.rates = rates;
    this.style = style;
    this.threadCount = threadCount;
  }

  /**
   * @param repair the stored repair; null for a plan that was not stored
   */
  String text(Repair repair, RepairProposal proposal) {
    RepairPlan plan = proposal.plan();
    String start = proposal.start();
    StringBuilder out = new StringBuilder();
    out.append(style.bold(repair == null ? "Repair plan" : "Repair " + repair.id()))
        .append(" of ")
        .append(RepairTarget.describe(proposal.target()))
        .append(start.isEmpty() ? "" : " " + start + ".." + proposal.end())
        .append("\n\n");
    boolean priced = !rates.isEmpty();
    CostEstimate cost = proposal.cost(rates);
    List<String> headers = new ArrayList<>(List.of("rebuild", "partitions", "tasks", "estimate"));
    if (priced) {
      headers.add("cost");
    }
    TextTable table = new TextTable(headers);
    long estimate = 0;
    for (Map.Entry<AssetName, PartitionSet> entry : plan.tasks().entrySet()) {
      long millis = estimates.millis(entry.getKey(), entry.getValue().size());
      estimate += Math.max(0, millis);
      List<String> row =
          new ArrayList<>(
              List.of(
                  entry.getKey().toString(),
                  entry.getValue().describe(),
                  Formats.count(entry.getValue().size()),
                  millis < 0 ? "?" : Formats.millis(millis)));
      if (priced) {
        CostParts parts = cost.of(entry.getKey());
        row.add(parts == null ? "?" : CostsCommand.money(parts.total()));
      }
      table.add(row);
    }
    out.append(table.render(style));
    for (Map.Entry<AssetName, PartitionSet> entry : plan.excluded().entrySet()) {
      out.append(style.yellow("excluded "))
          .append(entry.getKey())
          .append(" ")
          .append(entry.getValue().describe())
          .append(": left as it is\n");
    }
    for (RepairPlan.Hole hole : plan.holes()) {
      out.append(style.yellow("gap: "))
          .append(hole.excluded())
          .append(" ")
          .append(hole.partitions().describe())
          .append(" stays unrepaired, yet is read by ");
      List<String> readers = new ArrayList<>();
      hole.readers().forEach((name, keys) -> readers.add(name + " " + keys.describe()));
      out.append(String.join("; ", readers)).append('\n');
    }
    for (String note : plan.notes()) {
      out.append(style.dim("note: " + note)).append('\n');
    }
    out.append('\n')
        .append(style.bold(Formats.plural(plan.taskCount(), "task")))
        .append(" over ")
        .append(Formats.plural(plan.tasks().size(), "model"))
        .append(" — exactly the impact set, nothing wider; about ")
        .append(Formats.millis(estimate))
        .append(" of task time on ")
        .append(Formats.plural(threadCount, "thread"));
    if (priced) {
      out.append(", costing about ")
          .append(CostsCommand.money(cost.total().total()))
          .append(rates.currency().isEmpty() ? "" : " " + rates.currency());
      if (!cost.unpriced().isEmpty()) {
        out.append(" (")
            .append(Formats.plural(cost.unpriced().size(), "model"))
            .append(" never built: not priced)");
      }
    }
    out.append(".\n\n");
    return out.toString();
  }

  /**
   * @param rates the project's cost rates; without any, {@code estimated_cost} is null
   */
  static Map<String, Object> json(Repair repair, RepairProposal proposal, CostRates rates) {
    RepairPlan plan = proposal.plan();
    Estimates estimates = proposal.estimates();
    CostEstimate cost = rates.isEmpty() ? null : proposal.cost(rates);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("repair_id", repair.id());
    json.put("target", repair.target());
    json.put("start", repair.rangeStart());
    json.put("end", repair.rangeEnd());
    json.put("tasks", plan.taskCount());
    List<Map<String, Object>> assets = new ArrayList<>();
    for (Map.Entry<AssetName, PartitionSet> entry : plan.tasks().entrySet()) {
      Map<String, Object> asset = new LinkedHashMap<>();
      asset.put("asset", entry.getKey().toString());
      asset.put("ranges", ImpactPrinter.ranges(entry.getValue()));
      asset.put("count", entry.getValue().size());
      long millis = estimates.millis(entry.getKey(), entry.getValue().size());
      asset.put("estimated_ms", millis < 0 ? null : millis);
      CostParts parts = cost == null ? null : cost.of(entry.getKey());
      asset.put("estimated_cost", parts == null ? null : parts.total());
      assets.add(asset);
    }
    json.put("assets", assets);
    json.put("estimated_cost", cost == null ? null : costJson(cost));
    List<Map<String, Object>> excluded = new ArrayList<>();
    plan.excluded()
        .forEach(
            (name, keys) ->
                excluded.add(
                    Map.of("asset", name.toString(), "ranges", ImpactPrinter.ranges(keys))));
    json.put("excluded", excluded);
    List<Map<String, Object>> gaps = new ArrayList<>();
    for (RepairPlan.Hole hole : plan.holes()) {
      Map<String, Object> gap = new LinkedHashMap<>();
      gap.put("excluded", hole.excluded().toString());
      gap.put("ranges", ImpactPrinter.ranges(hole.partitions()));
      gap.put("read_by", hole.readers().keySet().stream().map(Object::toString).toList());
      gaps.add(gap);
    }
    json.put("gaps", gaps);
    json.put("notes", plan.notes());
    return json;
  }

  /** A repair's estimated cost as JSON, the same in {@code repair --format json} and the API. */
  static Map<String, Object> costJson(CostEstimate cost) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("currency", cost.rates().currency());
    json.put("total", cost.total().total());
    json.put("cpu", cost.total().cpu());
    json.put("scanned", cost.total().scanned());
    json.put("written", cost.total().written());
    json.put("unpriced", cost.unpriced().stream().map(Object::toString).toList());
    return json;
  }
}
