package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.Selector;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.quality.Check;
import io.tidemark.core.quality.CheckEvaluator;
import io.tidemark.core.quality.RowHistory;
import io.tidemark.core.repair.StoredPartitions;
import io.tidemark.core.source.SourceScanner;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.warehouse.WarehouseSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    Lineage lineage = new Lineage(project, workspace.clock());
    Set<AssetName> selected = new Selector(project).select(selection);
    List<Asset> assets = new ArrayList<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      if (selected.contains(name) && !project.checks(name).isEmpty()) {
        assets.add(project.asset(name));
      }
    }
    List<CheckResult> results = new ArrayList<>();
    try (WarehouseSession session = workspace.warehouse().openSession()) {
      Map<AssetName, Set<String>> columns = validate(session, project, assets);
      SourceScanner scanner =
          new SourceScanner(lineage, workspace.warehouse(), workspace.store(), workspace.clock());
      CheckEvaluator evaluator = CheckEvaluator.standard(workspace.clock(), project::asset);
      for (Asset asset : assets) {
        if (asset.isSource() && columns.containsKey(asset.name())) {
          scanner.record(asset, timeRange);
        }
      }
      // One read of the checked assets' states in the range, once the sources' row counts are
      // current.
      Map<AssetName, Map<String, PartitionState>> states =
          columns.isEmpty()
              ? Map.of()
              : workspace.store().partitionsByAsset(columns.keySet(), timeRange);
      List<CheckEvaluator.Target> targets = new ArrayList<>();
      for (Asset asset : assets) {
        if (!columns.containsKey(asset.name())) {
          continue;
        }
        PartitionSet built = StoredPartitions.built(lineage, states).apply(asset.name());
        PartitionSet inRange =
            PartitionSet.overlapping(asset.grain(), timeRange.intersect(lineage.domain(asset)));
        List<PartitionKey> partitions = inRange.intersect(built).keys();
        List<Check> checks = project.checks(asset.name());
        List<Check> onTables = checks.stream().filter(Check::readsTable).toList();
        RowHistory none = RowHistory.empty(asset);
        Map<String, PartitionState> own = states.getOrDefault(asset.name(), Map.of());
        for (PartitionKey partition : partitions) {
          PartitionState state = own.get(partition.toString());
          Instant arrived =
              asset.isSource()
                  ? SourceScanner.arrival(state)
                  : state == null ? null : state.updatedAt();
          results.addAll(evaluator.evaluate(session, asset, onTables, partition, 0, none, arrived));
        }
        targets.add(new CheckEvaluator.Target(asset, checks, partitions));
      }
      // Volume checks read no table: judged together from the stored row counts.
      results.addAll(evaluator.judgeStored(workspace.store(), targets, 0));
    }
    workspace.store().recordCheckResults(results);
    boolean failed =
        results.stream()
            .anyMatch(r -> r.status() == CheckStatus.FAIL || r.status() == CheckStatus.ERROR);
    if (format == OutputFormat.json) {
      out().println(Json.write(results.stream().map(CheckCommand::json).toList()));
    } else {
      print(results);
    }
    return failed ? 1 : 0;
  }

  /**
   * Every column a check names must exist in its table; all problems are reported together, with
   * the place each check was declared, before anything is evaluated. Returns the columns of every
   * asset whose table exists (assets never built are skipped).
   */
  private static Map<AssetName, Set<String>> validate(
      WarehouseSession session, Project project, List<Asset> assets) {
    Map<AssetName, Set<String>> columns = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Asset asset : assets) {
      if (!session.exists(asset.name())) {
        continue;
      }
      Set<String> names = columnsOf(session, asset.name());
      columns.put(asset.name(), names);
      for (Check check : project.checks(asset.name())) {
        List<String> needed = new ArrayList<>(check.columns());
        AssetName other = null;
        List<String> otherNeeded = new ArrayList<>();
        if (check instanceof Check.Relationships r) {
          other = r.to();
          otherNeeded.add(r.field());
        } else if (check instanceof Check.Reconciliation r) {
          other = r.with();
          otherNeeded.addAll(r.key());
          otherNeeded.addAll(r.compared().values());
        }
        for (String column : needed) {
          if (!names.contains(column.toLowerCase(Locale.ROOT))) {
            problems.add(missing(check, asset.name(), column, names));
          }
        }
        if (other != null && session.exists(other)) {
          Set<String> otherNames = columnsOf(session, other);
          for (String column : otherNeeded) {
            if (!otherNames.contains(column.toLowerCase(Locale.ROOT))) {
              problems.add(missing(check, other, column, otherNames));
            }
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new TidemarkException(ErrorCode.INVALID_PROJECT, String.join("\n", problems));
    }
    return columns;
  }

  private static String missing(Check check, AssetName table, String column, Set<String> names) {
    return check.location()
        + ": check "
        + check.id()
        + ": column '"
        + column
        + "' does not exist in "
        + table
        + " (columns: "
        + String.join(", ", names)
        + ")";
  }

  private static Set<String> columnsOf(WarehouseSession session, AssetName table) {
    Set<String> names = new TreeSet<>();
    for (String column :
        session
            .query("select * from " + session.dialect().relation(table) + " limit 0", 0)
            .columns()) {
      names.add(column.toLowerCase(Locale.ROOT));
    }
    return names;
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
      boolean bad = first.status() != CheckStatus.PASS;
      table.add(
          List.of(
              first.asset().toString(),
              first.check(),
              statusCell(first.status()),
              group.size() == 1 || bad
                  ? partitions(group)
                  : Formats.plural(group.size(), "partition"),
              bad && group.size() == 1 ? first.observed() : "",
              bad && group.size() == 1 ? first.expected() : ""));
      if (bad) {
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
      default -> style.red(text);
    };
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
