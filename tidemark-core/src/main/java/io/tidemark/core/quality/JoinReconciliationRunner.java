package io.tidemark.core.quality;

import static io.tidemark.core.quality.CheckSql.q;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.quality.reconcile.JoinReconciler;
import io.tidemark.core.quality.reconcile.Mismatch;
import io.tidemark.core.quality.reconcile.ReconcileOptions;
import io.tidemark.core.quality.reconcile.ReconcileSide;
import io.tidemark.core.quality.reconcile.ReconcileSql;
import io.tidemark.core.quality.reconcile.ReconciliationResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.warehouse.WarehouseSession;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A reconciliation check inside one warehouse, by {@link JoinReconciler}: one join finds the keys
 * missing on either side, duplicated, or whose compared columns differ beyond the tolerance. The
 * mismatching keys of each partition replace that partition's rows in {@code
 * tidemark_results.<schema>__<table>__reconciliation}; the counts go in the check's result.
 */
public final class JoinReconciliationRunner implements ReconciliationRunner {
  /** Schema of the tables that keep mismatching keys. */
  public static final String RESULT_SCHEMA = "tidemark_results";

  private final Function<AssetName, Asset> assets;

  /**
   * @param assets finds the other side of a reconciliation, for its partitioning
   */
  public JoinReconciliationRunner(Function<AssetName, Asset> assets) {
    this.assets = assets;
  }

  @Override
  public CheckEvaluator.Outcome run(
      WarehouseSession session,
      Asset asset,
      Check.Reconciliation check,
      PartitionKey partition,
      String filter) {
    Asset other = assets.apply(check.with());
    String otherFilter =
        other.isPartitioned() && asset.isPartitioned()
            ? CheckSql.partitionFilter(other, partition)
            : "true";
    ReconcileSide left =
        ReconcileSide.of(
                session, asset.name(), check.key(), new ArrayList<>(check.compared().keySet()))
            .where(filter);
    ReconcileSide right =
        left.counterpart(session, other.name(), check.compared()).where(otherFilter);
    ReconcileOptions options =
        ReconcileOptions.DEFAULTS
            .withTolerance(BigDecimal.valueOf(check.tolerance()))
            .withMaxMismatches(CheckEvaluator.SAMPLE_ROWS);
    AssetName scratch =
        AssetName.of(
            RESULT_SCHEMA, asset.name().schema() + "__" + asset.name().table() + "__scratch");
    String table = resultTable(asset.name());
    session.execute("create schema if not exists " + q(RESULT_SCHEMA));
    ReconciliationResult result =
        new JoinReconciler(ReconcileSql.require(session))
            .reconcileInto(left, right, options, scratch);
    String scratchTable = CheckSql.relation(scratch);
    session.execute(
        "create table if not exists "
            + table
            + " as select cast(null as varchar) as partition_key, * from "
            + scratchTable
            + " limit 0");
    session.execute("delete from " + table + " where partition_key = '" + partition + "'");
    session.execute(
        "insert into "
            + table
            + " by name select '"
            + partition
            + "' as partition_key, * from "
            + scratchTable);
    session.execute("drop table " + scratchTable);
    if (result.matches()) {
      return new CheckEvaluator.Outcome(CheckStatus.PASS, "0", "0", List.of(), "");
    }
    List<String> parts = new ArrayList<>();
    count(parts, result.missingRight(), "missing in " + other.name());
    count(parts, result.missingLeft(), "missing here");
    count(parts, result.different(), "different");
    count(parts, result.duplicateKeys(), "duplicate keys");
    List<String> sample = new ArrayList<>();
    for (Mismatch mismatch : result.mismatches()) {
      sample.add(
          mismatch.kind().name().toLowerCase(Locale.ROOT)
              + " "
              + mismatch.key()
              + (mismatch.differences().isEmpty() ? "" : " " + mismatch.differences()));
    }
    return new CheckEvaluator.Outcome(
        check.severity() == Severity.ERROR ? CheckStatus.FAIL : CheckStatus.WARN,
        String.valueOf(result.mismatchCount()),
        "0",
        sample,
        String.join(", ", parts) + " against " + check.with() + " (keys in " + table + ")");
  }

  private static void count(List<String> parts, long count, String what) {
    if (count > 0) {
      parts.add(count + " " + what);
    }
  }

  /** The table keeping an asset's mismatching keys. */
  public static String resultTable(AssetName asset) {
    return CheckSql.relation(
        AssetName.of(RESULT_SCHEMA, asset.schema() + "__" + asset.table() + "__reconciliation"));
  }
}
