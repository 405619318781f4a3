package io.tidemark.core.quality;

import static io.tidemark.core.quality.CheckEvaluator.q;
import static io.tidemark.core.quality.CheckEvaluator.relation;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.WarehouseSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A reconciliation inside one warehouse: one full outer join on the key finds the rows missing on
 * either side and the rows whose compared columns differ (numbers within the tolerance count as
 * equal, NULL equals only NULL). The mismatching keys of the partition replace the partition's rows
 * in {@code tidemark_results.<schema>__<table>__reconciliation}; the counts go in the result.
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
            ? CheckEvaluator.partitionFilter(other, partition)
            : "true";
    String mismatches = mismatchQuery(asset, other, check, filter, otherFilter);
    String table = resultTable(asset.name());
    String keys = String.join(", ", check.key().stream().map(CheckEvaluator::q).toList());
    session.execute("create schema if not exists " + q(RESULT_SCHEMA));
    session.execute(
        "create table if not exists "
            + table
            + " as select cast(null as varchar) as partition_key, * from ("
            + mismatches
            + ") limit 0");
    session.execute("delete from " + table + " where partition_key = '" + partition + "'");
    session.execute(
        "insert into " + table + " select '" + partition + "', * from (" + mismatches + ")");
    QueryResult counts =
        session.query(
            "select kind, count(*) from "
                + table
                + " where partition_key = '"
                + partition
                + "' group by kind order by kind",
            10);
    long total = 0;
    List<String> parts = new ArrayList<>();
    for (List<Object> row : counts.rows()) {
      long n = ((Number) row.get(1)).longValue();
      total += n;
      parts.add(n + " " + row.get(0));
    }
    if (total == 0) {
      return new CheckEvaluator.Outcome(CheckStatus.PASS, "0", "0", List.of(), "");
    }
    QueryResult sample =
        session.query(
            "select "
                + keys
                + ", kind from "
                + table
                + " where partition_key = '"
                + partition
                + "' order by "
                + keys
                + " limit "
                + CheckEvaluator.SAMPLE_ROWS,
            CheckEvaluator.SAMPLE_ROWS);
    List<String> rows = new ArrayList<>();
    for (List<Object> row : sample.rows()) {
      rows.add(row.toString());
    }
    return new CheckEvaluator.Outcome(
        check.severity() == Severity.ERROR ? CheckStatus.FAIL : CheckStatus.WARN,
        String.valueOf(total),
        "0",
        rows,
        String.join(", ", parts) + " against " + check.with() + " (keys in " + table + ")");
  }

  /** The table keeping an asset's mismatching keys. */
  public static String resultTable(AssetName asset) {
    return q(RESULT_SCHEMA) + "." + q(asset.schema() + "__" + asset.table() + "__reconciliation");
  }

  private static String mismatchQuery(
      Asset asset, Asset other, Check.Reconciliation check, String filter, String otherFilter) {
    List<String> leftColumns = new ArrayList<>();
    List<String> rightColumns = new ArrayList<>();
    List<String> join = new ArrayList<>();
    List<String> keysOut = new ArrayList<>();
    for (String key : check.key()) {
      leftColumns.add(q(key));
      rightColumns.add(q(key));
      join.add("l." + q(key) + " = r." + q(key));
      keysOut.add("coalesce(l." + q(key) + ", r." + q(key) + ") as " + q(key));
    }
    List<String> differs = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, String> compared : check.compared().entrySet()) {
      String alias = q("c" + i++);
      leftColumns.add(q(compared.getKey()) + " as " + alias);
      rightColumns.add(q(compared.getValue()) + " as " + alias);
      String l = "l." + alias;
      String r = "r." + alias;
      differs.add(
          "(case when try_cast("
              + l
              + " as double) is not null and try_cast("
              + r
              + " as double) is not null then abs(cast("
              + l
              + " as double) - cast("
              + r
              + " as double)) > "
              + check.tolerance()
              + " else "
              + l
              + " is distinct from "
              + r
              + " end)");
    }
    String firstKey = q(check.key().get(0));
    return "with l as (select "
        + String.join(", ", leftColumns)
        + " from "
        + relation(asset.name())
        + " where "
        + filter
        + "), r as (select "
        + String.join(", ", rightColumns)
        + " from "
        + relation(other.name())
        + " where "
        + otherFilter
        + ") select "
        + String.join(", ", keysOut)
        + ", case when l."
        + firstKey
        + " is null then 'missing_here' when r."
        + firstKey
        + " is null then 'missing_in_"
        + other.name().table()
        + "' else 'different' end as kind from l full outer join r on "
        + String.join(" and ", join)
        + " where l."
        + firstKey
        + " is null or r."
        + firstKey
        + " is null"
        + (differs.isEmpty() ? "" : " or " + String.join(" or ", differs));
  }
}
