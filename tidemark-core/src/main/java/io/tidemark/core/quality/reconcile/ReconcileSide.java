package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.warehouse.WarehouseSession;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One side of a reconciliation: a table in a warehouse session, the rows of it that take part, and
 * the columns compared. The two sides of a reconciliation list their key and compared columns in
 * the same order, so the i-th column of one side is compared with the i-th of the other.
 *
 * @param session the session the side's queries run in
 * @param table the table (or view) compared
 * @param filter a boolean SQL condition, in the warehouse's dialect, restricting the rows compared
 *     (one partition, say); empty to compare every row
 * @param keys the columns that identify a row; rows of the two sides are matched on them
 * @param compared the columns whose values are compared between matched rows; may be empty, to
 *     compare which keys are present only
 */
public record ReconcileSide(
    WarehouseSession session,
    AssetName table,
    String filter,
    List<String> keys,
    List<String> compared) {
  public ReconcileSide {
    requireNonNull(session, "session is null");
    requireNonNull(table, "table is null");
    requireNonNull(filter, "filter is null");
    keys = List.copyOf(requireNonNull(keys, "keys is null"));
    compared = List.copyOf(requireNonNull(compared, "compared is null"));
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a reconciliation of " + table + " needs key columns");
    }
    Set<String> seen = new HashSet<>();
    for (String column : concat(keys, compared)) {
      if (column.isBlank()) {
        throw new IllegalArgumentException("blank column name for table " + table);
      }
      // DuckDB, like most engines, resolves names regardless of case.
      if (!seen.add(column.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "column " + column + " of table " + table + " is listed twice");
      }
    }
  }

  /** All rows of {@code table}. */
  public static ReconcileSide of(
      WarehouseSession session, AssetName table, List<String> keys, List<String> compared) {
    return new ReconcileSide(session, table, "", keys, compared);
  }

  /** This side restricted to the rows where {@code condition} holds. */
  public ReconcileSide where(String condition) {
    return new ReconcileSide(session, table, condition, keys, compared);
  }

  /**
   * The other side of a reconciliation with this one: {@code table} in {@code session}, with this
   * side's key and compared columns renamed by {@code leftToRight} (a column it does not name keeps
   * its name), and no filter.
   *
   * @throws IllegalArgumentException when the mapping names a column this side does not compare
   */
  public ReconcileSide counterpart(
      WarehouseSession session, AssetName table, Map<String, String> leftToRight) {
    requireNonNull(leftToRight, "leftToRight is null");
    List<String> columns = concat(keys, compared);
    for (String mapped : leftToRight.keySet()) {
      if (!columns.contains(mapped)) {
        throw new IllegalArgumentException(
            "the column mapping names "
                + mapped
                + ", which is not a key or compared column of "
                + this.table
                + " ("
                + String.join(", ", columns)
                + ")");
      }
    }
    return new ReconcileSide(
        session,
        table,
        "",
        keys.stream().map(name -> leftToRight.getOrDefault(name, name)).toList(),
        compared.stream().map(name -> leftToRight.getOrDefault(name, name)).toList());
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }
}
