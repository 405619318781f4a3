package io.tidemark.core.quality.check;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.Selector;
import io.tidemark.core.impact.StoredPartitions;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.quality.Check;
import io.tidemark.core.quality.CheckEvaluator;
import io.tidemark.core.quality.RowHistory;
import io.tidemark.core.source.SourceScanner;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The check use case: evaluate the data-quality checks of selected assets on their built partitions
 * in a range, on demand, and record the results. Runs evaluate checks on every partition they
 * write; this re-checks. Sources are fingerprinted first, so volume checks judge their current row
 * counts.
 *
 * <p>It lives below {@code quality} and {@code source} because it uses both, and scanning a source
 * evaluates its checks.
 */
public final class CheckService {
  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;

  public CheckService(Project project, Warehouse warehouse, StateStore store, Clock clock) {
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Checks the selected assets' built partitions in {@code range}; assets never built are skipped.
   *
   * @param selection as typed; empty for every asset
   * @throws TidemarkException {@code INVALID_PROJECT} naming every check whose column does not
   *     exist (with where it was declared), before anything is evaluated or recorded
   */
  public CheckReport check(String selection, TimeRange range) {
    requireNonNull(selection, "selection is null");
    requireNonNull(range, "range is null");
    Lineage lineage = new Lineage(project, clock);
    Set<AssetName> selected = new Selector(project).select(selection);
    List<Asset> assets = new ArrayList<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      if (selected.contains(name) && !project.checks(name).isEmpty()) {
        assets.add(project.asset(name));
      }
    }
    List<CheckResult> results = new ArrayList<>();
    try (WarehouseSession session = warehouse.openSession()) {
      Set<AssetName> existing = validate(session, assets);
      SourceScanner scanner = new SourceScanner(lineage, warehouse, store, clock);
      CheckEvaluator evaluator = CheckEvaluator.standard(clock, project::asset);
      for (Asset asset : assets) {
        if (asset.isSource() && existing.contains(asset.name())) {
          scanner.record(asset, range);
        }
      }
      // Which partitions hold data comes from the packed row counts, a few rows per asset. The
      // states themselves, once the sources' row counts are current, are read only for what
      // evaluates on a table with its arrival time: sources, and models with checks that read
      // their table. A volume check alone needs neither.
      Function<AssetName, PartitionSet> built = StoredPartitions.built(lineage, store, existing);
      List<AssetName> arrivals = new ArrayList<>();
      for (Asset asset : assets) {
        if (existing.contains(asset.name())
            && (asset.isSource()
                || project.checks(asset.name()).stream().anyMatch(Check::readsTable))) {
          arrivals.add(asset.name());
        }
      }
      Map<AssetName, Map<String, PartitionState>> states =
          arrivals.isEmpty() ? Map.of() : store.partitionsByAsset(arrivals, range);
      List<CheckEvaluator.Target> targets = new ArrayList<>();
      for (Asset asset : assets) {
        if (!existing.contains(asset.name())) {
          continue;
        }
        PartitionSet inRange =
            PartitionSet.overlapping(asset.grain(), range.intersect(lineage.domain(asset)));
        List<PartitionKey> partitions = inRange.intersect(built.apply(asset.name())).keys();
        List<Check> checks = project.checks(asset.name());
        List<Check> onTables = checks.stream().filter(Check::readsTable).toList();
        RowHistory none = RowHistory.empty(asset);
        Map<String, PartitionState> own = states.getOrDefault(asset.name(), Map.of());
        for (PartitionKey partition : onTables.isEmpty() ? List.<PartitionKey>of() : partitions) {
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
      results.addAll(evaluator.judgeStored(store, targets, 0));
    }
    store.recordCheckResults(results);
    return new CheckReport(results);
  }

  /**
   * Every column a check names must exist in its table; all problems are reported together, with
   * the place each check was declared, before anything is evaluated. Returns the assets whose table
   * exists (assets never built are skipped). The catalog is read once; a table's columns only when
   * one of its checks names some.
   */
  private Set<AssetName> validate(WarehouseSession session, List<Asset> assets) {
    Set<AssetName> tables = session.tableGenerations().keySet();
    Set<AssetName> existing = new LinkedHashSet<>();
    Map<AssetName, Set<String>> columns = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Asset asset : assets) {
      if (!tables.contains(asset.name())) {
        continue;
      }
      existing.add(asset.name());
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
          Set<String> names = columns.computeIfAbsent(asset.name(), t -> columnsOf(session, t));
          if (!names.contains(column.toLowerCase(Locale.ROOT))) {
            problems.add(missing(check, asset.name(), column, names));
          }
        }
        if (other != null && tables.contains(other)) {
          Set<String> otherNames = columns.computeIfAbsent(other, t -> columnsOf(session, t));
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
    return existing;
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
}
