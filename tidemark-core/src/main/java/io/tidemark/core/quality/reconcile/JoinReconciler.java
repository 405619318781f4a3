package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.Reconciliation.Side;
import io.tidemark.core.warehouse.QueryResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reconciles two tables of one warehouse session with one full outer join on the key, computed in
 * the warehouse: only the mismatches and their counts come back.
 */
public final class JoinReconciler {
  private final ReconcileSql sql;
  private final ColumnResolver resolver;

  public JoinReconciler(ReconcileSql sql) {
    this.sql = requireNonNull(sql, "sql is null");
    this.resolver = new ColumnResolver(sql);
  }

  /**
   * Compares {@code left} with {@code right}, listing at most {@link
   * ReconcileOptions#maxMismatches()} mismatches.
   *
   * @throws IllegalArgumentException when the sides are in different sessions
   */
  public ReconciliationResult reconcile(
      ReconcileSide left, ReconcileSide right, ReconcileOptions options) {
    requireNonNull(options, "options is null");
    WorkCounter work = new WorkCounter();
    Reconciliation reconciliation = resolve(left, right, options, work);
    return report(
        reconciliation, sql.joinReport(reconciliation, options.maxMismatches()), work, left);
  }

  /**
   * Compares {@code left} with {@code right} and replaces {@code resultTable} with every
   * mismatching key (layout in {@link ReconcileSql#writeMismatches}); the result lists the first
   * {@link ReconcileOptions#maxMismatches()} of them, read back from that table.
   *
   * @throws IllegalArgumentException when the sides are in different sessions, the result table is
   *     one of theirs, or two columns of the result table would share a name
   */
  public ReconciliationResult reconcileInto(
      ReconcileSide left, ReconcileSide right, ReconcileOptions options, AssetName resultTable) {
    requireNonNull(options, "options is null");
    requireNonNull(resultTable, "resultTable is null");
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    if (resultTable.equals(left.table()) || resultTable.equals(right.table())) {
      throw new IllegalArgumentException(
          "the result table " + resultTable + " would replace a table being reconciled");
    }
    WorkCounter work = new WorkCounter();
    Reconciliation reconciliation = resolve(left, right, options, work);
    checkResultColumns(reconciliation, resultTable);
    for (String statement : sql.writeMismatches(reconciliation, resultTable)) {
      work.execute(left, Side.LEFT, statement);
    }
    return report(
        reconciliation,
        sql.tableReport(reconciliation, resultTable, options.maxMismatches()),
        work,
        left);
  }

  private Reconciliation resolve(
      ReconcileSide left, ReconcileSide right, ReconcileOptions options, WorkCounter work) {
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    if (left.session() != right.session()) {
      throw new IllegalArgumentException(
          "a join reconciles two tables of one session; "
              + left.table()
              + " and "
              + right.table()
              + " are in different sessions (use a BisectionReconciler)");
    }
    return resolver.resolve(left, right, options.tolerance(), work);
  }

  private static ReconciliationResult report(
      Reconciliation reconciliation, String report, WorkCounter work, ReconcileSide left) {
    // Summary row plus the listed mismatches: the query's LIMIT bounds them.
    QueryResult result = work.query(left, Side.LEFT, report);
    work.fetched(Side.LEFT, result.rows().size() - 1L);
    return JoinReport.read(result, reconciliation, work.statistics());
  }

  private static void checkResultColumns(Reconciliation reconciliation, AssetName resultTable) {
    List<String> names = new ArrayList<>();
    reconciliation.keys().forEach(pair -> names.add(pair.left()));
    names.addAll(List.of("mismatch_kind", "left_rows", "right_rows", "differing_columns"));
    for (ColumnPair pair : reconciliation.compared()) {
      names.add("left_" + pair.left());
      names.add("right_" + pair.left());
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "result table " + resultTable + " would have two columns named " + name);
      }
    }
  }
}
