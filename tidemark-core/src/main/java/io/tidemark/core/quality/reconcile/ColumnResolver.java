package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.quality.reconcile.Reconciliation.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Finds the key and compared columns of both sides in their tables, with their types. */
final class ColumnResolver {
  private record Found(String name, String type) {}

  private final ReconcileSql sql;

  ColumnResolver(ReconcileSql sql) {
    this.sql = requireNonNull(sql, "sql is null");
  }

  Reconciliation resolve(
      ReconcileSide left, ReconcileSide right, BigDecimal tolerance, WorkCounter work) {
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    if (left.keys().size() != right.keys().size()
        || left.compared().size() != right.compared().size()) {
      throw new IllegalArgumentException(
          "both sides need as many key and compared columns: "
              + left.table()
              + " has "
              + left.keys().size()
              + " and "
              + left.compared().size()
              + ", "
              + right.table()
              + " has "
              + right.keys().size()
              + " and "
              + right.compared().size());
    }
    Map<String, Found> leftColumns = columns(left, Side.LEFT, work);
    Map<String, Found> rightColumns = columns(right, Side.RIGHT, work);
    return new Reconciliation(
        left,
        right,
        pairs(left, leftColumns, left.keys(), right, rightColumns, right.keys(), "key"),
        pairs(
            left, leftColumns, left.compared(), right, rightColumns, right.compared(), "compared"),
        tolerance);
  }

  private Map<String, Found> columns(ReconcileSide side, Side which, WorkCounter work) {
    if (!work.exists(side, which)) {
      throw new TidemarkException(
          ErrorCode.NOT_FOUND,
          "table "
              + side.table()
              + " (the "
              + which.name().toLowerCase(Locale.ROOT)
              + " side of the reconciliation) does not exist in the warehouse");
    }
    Map<String, Found> columns = new LinkedHashMap<>();
    for (List<Object> row : work.query(side, which, sql.describe(side.table())).rows()) {
      String name = (String) row.get(0);
      columns.put(name.toLowerCase(Locale.ROOT), new Found(name, (String) row.get(1)));
    }
    return columns;
  }

  private static List<ColumnPair> pairs(
      ReconcileSide left,
      Map<String, Found> leftColumns,
      List<String> leftNames,
      ReconcileSide right,
      Map<String, Found> rightColumns,
      List<String> rightNames,
      String role) {
    List<ColumnPair> pairs = new ArrayList<>(leftNames.size());
    for (int i = 0; i < leftNames.size(); i++) {
      Found l = find(left, leftColumns, leftNames.get(i), role);
      Found r = find(right, rightColumns, rightNames.get(i), role);
      pairs.add(new ColumnPair(l.name(), l.type(), r.name(), r.type()));
    }
    return pairs;
  }

  private static Found find(
      ReconcileSide side, Map<String, Found> columns, String name, String role) {
    Found found = columns.get(name.toLowerCase(Locale.ROOT));
    if (found == null) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          "table "
              + side.table()
              + " has no column "
              + name
              + ", a "
              + role
              + " column of the reconciliation (it has "
              + String.join(", ", columns.values().stream().map(Found::name).toList())
              + ")");
    }
    return found;
  }
}
