package io.tidemark.core.quality.reconcile;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.Reconciliation.Side;
import io.tidemark.core.warehouse.WarehouseSession;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The SQL a warehouse engine runs for a reconciliation: the one place that knows the engine's
 * dialect, types and hash function. The reconcilers own the algorithm and read results by position.
 *
 * <p><b>Canonical values.</b> Every key and compared value is read as one <i>canonical type</i> per
 * column pair, chosen from the two sides' types so that the same data stored under compatible types
 * (INTEGER and BIGINT, DECIMAL and DOUBLE, DATE and TIMESTAMP) compares and hashes equal. Values
 * come back as the Java types of {@link io.tidemark.core.warehouse.QueryResult}. Compared columns
 * whose canonical type is numeric compare within the tolerance: two values are equal when both are
 * NULL, or both are present and they are equal or differ by at most the tolerance (for floating
 * point, computed in double precision, as Java does).
 *
 * <p><b>Report layout</b> of {@link #joinReport} and {@link #tableReport}. First one summary row,
 * then the listed mismatches in key order (ascending, NULLs last). Columns by position, for {@code
 * n} keys and {@code m} compared columns:
 *
 * <ol>
 *   <li>row type: 0 for the summary, 1 for a mismatch
 *   <li>{@code n} key values
 *   <li>kind: a {@link Mismatch.Kind} name
 *   <li>left rows, right rows: the key's row counts on each side
 *   <li>per compared column: left value, right value, and whether the column differs (true only for
 *       {@code DIFFERENT})
 *   <li>left total rows, right total rows, then the counts of {@code MISSING_LEFT}, {@code
 *       MISSING_RIGHT}, {@code DIFFERENT} and {@code DUPLICATE_KEY} mismatches
 * </ol>
 *
 * The summary row fills only the last six columns; mismatch rows leave them NULL.
 */
public interface ReconcileSql {
  /** The SQL of the session's engine, when the engine supports reconciliations. */
  static Optional<ReconcileSql> of(WarehouseSession session) {
    return session instanceof Reconcilable reconcilable
        ? Optional.of(reconcilable.reconcileSql())
        : Optional.empty();
  }

  /**
   * The SQL of the session's engine; an engine without reconciliations fails with {@code
   * INVALID_ARGUMENT}.
   */
  static ReconcileSql require(WarehouseSession session) {
    return of(session)
        .orElseThrow(
            () ->
                new TidemarkException(
                    ErrorCode.INVALID_ARGUMENT, "this warehouse engine cannot reconcile tables"));
  }

  /**
   * A query listing the columns of an existing table or view: one row per column, its name then its
   * type.
   */
  String describe(AssetName table);

  /**
   * One query that matches both sides on their keys with a full outer join (NULL keys match NULL)
   * and returns the report, listing at most {@code maxMismatches} mismatches. Both sides are in one
   * session.
   */
  String joinReport(Reconciliation reconciliation, int maxMismatches);

  /**
   * Statements that replace {@code resultTable} with every mismatch of the join, one row per key:
   * the key columns under their left names, {@code mismatch_kind}, {@code left_rows}, {@code
   * right_rows}, {@code differing_columns} (a list of left names), then {@code left_<c>} and {@code
   * right_<c>} for each compared column {@code c} (left names).
   */
  List<String> writeMismatches(Reconciliation reconciliation, AssetName resultTable);

  /** The report of a table written by {@link #writeMismatches}, in the join's layout. */
  String tableReport(Reconciliation reconciliation, AssetName resultTable, int maxMismatches);

  /**
   * One aggregate over one side for a level of bisection. A row's segment is its key hash modulo
   * {@code modulus}; only rows whose key hash modulo {@code parentModulus} (a divisor of {@code
   * modulus}) is one of {@code parents} take part, or every row when {@code parents} is empty.
   *
   * <p>Returns one row per non-empty segment: the segment (a BIGINT), its row count, the sum of its
   * rows' hashes as text, and the number of distinct key hashes in it. The key hash depends on the
   * canonical key values only; the row hash on the canonical key and compared values, a tolerant
   * numeric column's value replaced by its tolerance bucket ({@code floor(value / tolerance)}) so
   * that most values equal within the tolerance hash equal. Both must be computed alike on both
   * sides, and the row hash so that no value of a row is lost in it.
   */
  String segments(
      Reconciliation reconciliation,
      Side side,
      long modulus,
      long parentModulus,
      Collection<Long> parents);

  /**
   * The rows of one side in the given segments of {@code modulus} (see {@link #segments}):
   * canonical key values, then canonical compared values, in column order.
   */
  String rows(Reconciliation reconciliation, Side side, long modulus, Collection<Long> segments);
}
