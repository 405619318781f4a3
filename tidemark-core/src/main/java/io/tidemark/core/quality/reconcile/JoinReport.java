package io.tidemark.core.quality.reconcile;

import io.tidemark.core.warehouse.QueryResult;
import java.util.ArrayList;
import java.util.List;

/** Reads a report in the layout {@link ReconcileSql} describes. */
final class JoinReport {
  private static final int SUMMARY_COLUMNS = 6;

  private JoinReport() {}

  static ReconciliationResult read(
      QueryResult report, Reconciliation reconciliation, WorkStatistics work) {
    int keys = reconciliation.keys().size();
    List<String> compared = reconciliation.compared().stream().map(ColumnPair::left).toList();
    int width = 1 + keys + 3 + 3 * compared.size() + SUMMARY_COLUMNS;
    if (report.columns().size() != width || report.rows().isEmpty()) {
      throw new IllegalStateException(
          "a reconciliation report has "
              + width
              + " columns and a summary row, got "
              + report.columns()
              + " and "
              + report.rows().size()
              + " rows");
    }
    List<Object> summary = report.rows().get(0);
    int totals = width - SUMMARY_COLUMNS;
    List<Mismatch> mismatches = new ArrayList<>();
    for (List<Object> row : report.rows().subList(1, report.rows().size())) {
      mismatches.add(mismatch(row, keys, compared));
    }
    long missingLeft = count(summary, totals + 2);
    long missingRight = count(summary, totals + 3);
    long different = count(summary, totals + 4);
    long duplicates = count(summary, totals + 5);
    return new ReconciliationResult(
        count(summary, totals),
        count(summary, totals + 1),
        missingLeft,
        missingRight,
        different,
        duplicates,
        mismatches,
        missingLeft + missingRight + different + duplicates > mismatches.size(),
        work);
  }

  private static Mismatch mismatch(List<Object> row, int keys, List<String> compared) {
    int at = 1 + keys;
    Mismatch.Kind kind = Mismatch.Kind.valueOf((String) row.get(at));
    List<Mismatch.Difference> differences = new ArrayList<>();
    for (int i = 0; i < compared.size(); i++) {
      int column = at + 3 + 3 * i;
      if (Boolean.TRUE.equals(row.get(column + 2))) {
        differences.add(
            new Mismatch.Difference(compared.get(i), row.get(column), row.get(column + 1)));
      }
    }
    return new Mismatch(
        row.subList(1, at), kind, count(row, at + 1), count(row, at + 2), differences);
  }

  private static long count(List<Object> row, int column) {
    Object value = row.get(column);
    return value == null ? 0 : ((Number) value).longValue();
  }
}
