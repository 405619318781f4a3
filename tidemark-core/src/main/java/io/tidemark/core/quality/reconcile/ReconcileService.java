package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reconcile use case: compare two tables on a key (keys only one side has, keys held twice,
 * rows whose compared columns differ). Within one warehouse one join does the work; across two,
 * checksum bisection, so no table is copied. Nothing is recorded.
 */
public final class ReconcileService {
  /** How the tables are compared. */
  public enum Method {
    JOIN,
    BISECTION
  }

  private final Warehouse warehouse;

  /**
   * @param warehouse the project's warehouse, which holds the left table
   */
  public ReconcileService(Warehouse warehouse) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
  }

  /**
   * Compares {@code left}, in the project's warehouse, with {@code right}, in {@code other}.
   *
   * @param other the warehouse holding the right table: the project's own, or another one
   * @param left as named, with its filter as typed (empty for every row)
   * @param right as named, with its filter as typed
   * @param method {@link Method#JOIN} needs both tables in one warehouse
   * @param limit mismatches to list at most; all are counted
   * @throws TidemarkException {@code NOT_FOUND} for a table that does not exist, {@code
   *     INVALID_ARGUMENT} for a column it lacks or a filter that does not work on it
   */
  public ReconcileReport reconcile(
      ReconcileReport.Side left,
      Warehouse other,
      ReconcileReport.Side right,
      ReconcileColumns columns,
      Method method,
      BigDecimal tolerance,
      int limit) {
    requireNonNull(other, "other is null");
    boolean oneWarehouse = other == warehouse;
    if (method == Method.JOIN && !oneWarehouse) {
      throw new IllegalArgumentException("a join needs both tables in one warehouse");
    }
    try (WarehouseSession leftSession = warehouse.openSession();
        WarehouseSession rightSession = oneWarehouse ? null : other.openSession()) {
      WarehouseSession rightOrLeft = oneWarehouse ? leftSession : rightSession;
      ReconcileSql sql = ReconcileSql.require(leftSession);
      ReconcileColumns.Table leftColumns =
          describe(leftSession, sql, "left", left.table(), left.warehouse());
      ReconcileColumns.Table rightColumns =
          describe(rightOrLeft, sql, "right", right.table(), right.warehouse());
      ReconcileColumns.Resolved resolved = columns.resolve(leftColumns, rightColumns);
      String leftFilter =
          filter(leftSession, leftColumns, left.table(), "--where-left", left.filter());
      String rightFilter =
          filter(rightOrLeft, rightColumns, right.table(), "--where-right", right.filter());
      ReconcileSide leftSide =
          new ReconcileSide(
              leftSession, left.table(), leftFilter, resolved.leftKeys(), resolved.leftCompared());
      ReconcileSide rightSide =
          new ReconcileSide(
              rightOrLeft,
              right.table(),
              rightFilter,
              resolved.rightKeys(),
              resolved.rightCompared());
      ReconcileOptions options =
          ReconcileOptions.DEFAULTS.withTolerance(tolerance).withMaxMismatches(limit);
      long started = System.nanoTime();
      ReconciliationResult result =
          method == Method.JOIN
              ? new JoinReconciler(sql).reconcile(leftSide, rightSide, options)
              : new BisectionReconciler(sql).reconcile(leftSide, rightSide, options);
      return new ReconcileReport(
          new ReconcileReport.Side(left.table(), left.warehouse(), leftFilter),
          new ReconcileReport.Side(right.table(), right.warehouse(), rightFilter),
          method.name().toLowerCase(java.util.Locale.ROOT),
          resolved,
          tolerance,
          result,
          Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** The table's columns, or an error naming the side and the warehouse file. */
  private static ReconcileColumns.Table describe(
      WarehouseSession session, ReconcileSql sql, String side, AssetName table, String file) {
    if (!session.exists(table)) {
      throw new TidemarkException(
          ErrorCode.NOT_FOUND,
          "the " + side + " table " + table + " does not exist in the warehouse " + file);
    }
    List<String> names = new ArrayList<>();
    for (List<Object> row : session.query(sql.describe(table), Integer.MAX_VALUE).rows()) {
      names.add((String) row.get(0));
    }
    return new ReconcileColumns.Table(side, table + " in " + file, names);
  }

  /** The condition, checked against the table without reading a row; empty for none. */
  private static String filter(
      WarehouseSession session,
      ReconcileColumns.Table columns,
      AssetName table,
      String option,
      String condition) {
    String trimmed = condition.strip();
    if (trimmed.isEmpty()) {
      return "";
    }
    try {
      session.query("SELECT 1 FROM " + relation(table) + " WHERE (" + trimmed + ") LIMIT 0", 0);
    } catch (TidemarkException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          option
              + " '"
              + trimmed
              + "' does not work on the "
              + columns.side()
              + " table "
              + columns.description()
              + ": "
              + firstLine(e.getMessage()),
          e);
    }
    return trimmed;
  }

  /** The table as SQL names it: quoted as the checks quote it, without depending on them. */
  private static String relation(AssetName table) {
    return quote(table.schema()) + "." + quote(table.table());
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
