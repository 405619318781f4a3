package io.tidemark.cli.command;

import static java.util.Objects.requireNonNull;

import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Style;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.quality.reconcile.Mismatch;
import io.tidemark.core.quality.reconcile.ReconcileColumns;
import io.tidemark.core.quality.reconcile.ReconcileReport;
import io.tidemark.core.quality.reconcile.ReconciliationResult;
import io.tidemark.core.quality.reconcile.WorkStatistics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints what {@code tidemark reconcile} found: as text for a person, or as one JSON object. */
final class ReconcilePrinter {
  /** Longest value printed in the text table; longer ones are cut. */
  private static final int MAX_VALUE_WIDTH = 40;

  private final Style style;

  ReconcilePrinter(Style style) {
    this.style = requireNonNull(style, "style is null");
  }

  String text(ReconcileReport report) {
    ReconciliationResult result = report.result();
    StringBuilder out = new StringBuilder();
    out.append(style.bold("Reconcile"))
        .append(' ')
        .append(report.left().label(report.right()))
        .append(" with ")
        .append(report.right().label(report.left()))
        .append(" by ")
        .append(report.method())
        .append('\n');
    out.append("key ")
        .append(names(report.columns().keys()))
        .append("; compared ")
        .append(
            report.columns().compared().isEmpty()
                ? "none (keys only)"
                : names(report.columns().compared()))
        .append(report.columns().shared() ? " (every column both have)" : "")
        .append(
            report.tolerance().signum() == 0
                ? ""
                : "; tolerance " + report.tolerance().toPlainString())
        .append('\n');
    where(out, "left", report.left());
    where(out, "right", report.right());
    out.append('\n');
    TextTable counts =
        new TextTable(
            List.of(
                "left rows",
                "right rows",
                "only in left",
                "only in right",
                "different",
                "duplicate keys"));
    counts.add(
        List.of(
            Formats.count(result.leftRows()),
            Formats.count(result.rightRows()),
            Formats.count(result.missingRight()),
            Formats.count(result.missingLeft()),
            Formats.count(result.different()),
            Formats.count(result.duplicateKeys())));
    out.append(counts.render(style));
    if (!result.mismatches().isEmpty()) {
      out.append('\n').append(mismatches(report).render(style));
    }
    out.append('\n').append(style.dim(work(report))).append('\n');
    out.append('\n').append(verdict(result)).append('\n');
    return out.toString();
  }

  private static void where(StringBuilder out, String side, ReconcileReport.Side of) {
    if (!of.filter().isEmpty()) {
      out.append("where ").append(side).append(": ").append(of.filter()).append('\n');
    }
  }

  private TextTable mismatches(ReconcileReport report) {
    List<String> headers = new ArrayList<>();
    headers.add("kind");
    report.columns().keys().forEach(pair -> headers.add(pair.left()));
    headers.addAll(List.of("column", "left", "right"));
    TextTable table = new TextTable(headers);
    for (Mismatch mismatch : report.result().mismatches()) {
      List<String> row = new ArrayList<>();
      row.add(kindText(mismatch.kind()));
      mismatch.key().forEach(value -> row.add(value(value)));
      switch (mismatch.kind()) {
        case DIFFERENT -> {
          List<String> keyCells = row;
          for (Mismatch.Difference difference : mismatch.differences()) {
            List<String> line = new ArrayList<>(keyCells);
            line.add(difference.column());
            line.add(value(difference.left()));
            line.add(value(difference.right()));
            table.add(line);
            // Further differences of the same key leave its kind and key blank.
            keyCells = blank(row.size());
          }
        }
        case DUPLICATE_KEY -> {
          row.add("");
          row.add(Formats.plural(mismatch.leftRows(), "row"));
          row.add(Formats.plural(mismatch.rightRows(), "row"));
          table.add(row);
        }
        default -> table.add(row);
      }
    }
    return table;
  }

  private static List<String> blank(int cells) {
    return new ArrayList<>(Collections.nCopies(cells, ""));
  }

  private static String work(ReconcileReport report) {
    WorkStatistics work = report.result().work();
    StringBuilder out = new StringBuilder("work: ");
    if (work.levels() > 0) {
      out.append(Formats.plural(work.levels(), "level"))
          .append(", ")
          .append(Formats.plural(work.segmentsCompared(), "segment"))
          .append(" compared, ");
    }
    out.append(queries(work.queries()))
        .append(" (")
        .append(Formats.count(work.leftQueries()))
        .append(" left, ")
        .append(Formats.count(work.rightQueries()))
        .append(" right), ")
        .append(Formats.plural(work.rowsFetched(), "row"))
        .append(" fetched (")
        .append(Formats.count(work.leftRowsFetched()))
        .append(" left, ")
        .append(Formats.count(work.rightRowsFetched()))
        .append(" right) in ")
        .append(Formats.duration(report.elapsed()));
    return out.toString();
  }

  private String verdict(ReconciliationResult result) {
    if (result.matches()) {
      return style.green("The tables agree.");
    }
    String verdict = style.red(Formats.plural(result.mismatchCount(), "mismatching key"));
    if (result.capped()) {
      return verdict
          + "; the first "
          + Formats.count(result.mismatches().size())
          + " are listed (raise --limit for more).";
    }
    return verdict + ".";
  }

  static Map<String, Object> json(ReconcileReport report) {
    ReconciliationResult result = report.result();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("left", side(report.left()));
    json.put("right", side(report.right()));
    json.put("method", report.method());
    json.put("key", pairs(report.columns().keys()));
    json.put("compared", pairs(report.columns().compared()));
    json.put("compared_every_shared_column", report.columns().shared());
    json.put("tolerance", new BigDecimal(report.tolerance().toPlainString()));
    json.put("agree", result.matches());
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("left_rows", result.leftRows());
    counts.put("right_rows", result.rightRows());
    counts.put("only_in_left", result.missingRight());
    counts.put("only_in_right", result.missingLeft());
    counts.put("different", result.different());
    counts.put("duplicate_keys", result.duplicateKeys());
    counts.put("mismatching_keys", result.mismatchCount());
    json.put("counts", counts);
    List<Map<String, Object>> mismatches = new ArrayList<>();
    for (Mismatch mismatch : result.mismatches()) {
      mismatches.add(mismatch(report.columns().keys(), mismatch));
    }
    json.put("mismatches", mismatches);
    json.put("mismatches_capped", result.capped());
    WorkStatistics work = result.work();
    Map<String, Object> statistics = new LinkedHashMap<>();
    statistics.put("levels", work.levels());
    statistics.put("segments_compared", work.segmentsCompared());
    statistics.put("queries", work.queries());
    statistics.put("left_queries", work.leftQueries());
    statistics.put("right_queries", work.rightQueries());
    statistics.put("rows_fetched", work.rowsFetched());
    statistics.put("left_rows_fetched", work.leftRowsFetched());
    statistics.put("right_rows_fetched", work.rightRowsFetched());
    json.put("work", statistics);
    json.put("elapsed_ms", report.elapsed().toMillis());
    return json;
  }

  private static Map<String, Object> side(ReconcileReport.Side side) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("table", side.table().toString());
    json.put("warehouse", side.warehouse());
    json.put("where", side.filter().isEmpty() ? null : side.filter());
    return json;
  }

  private static List<Map<String, String>> pairs(List<ReconcileColumns.Pair> pairs) {
    return pairs.stream().map(pair -> Map.of("left", pair.left(), "right", pair.right())).toList();
  }

  private static Map<String, Object> mismatch(List<ReconcileColumns.Pair> keys, Mismatch mismatch) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", kindJson(mismatch.kind()));
    Map<String, Object> key = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      key.put(keys.get(i).left(), mismatch.key().get(i));
    }
    json.put("key", key);
    json.put("left_rows", mismatch.leftRows());
    json.put("right_rows", mismatch.rightRows());
    List<Map<String, Object>> differences = new ArrayList<>();
    for (Mismatch.Difference difference : mismatch.differences()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("column", difference.column());
      one.put("left", difference.left());
      one.put("right", difference.right());
      differences.add(one);
    }
    json.put("differences", differences);
    return json;
  }

  /** The library names a kind by the side lacking the key; people ask which side has it. */
  private static String kindText(Mismatch.Kind kind) {
    return switch (kind) {
      case MISSING_LEFT -> "only in right";
      case MISSING_RIGHT -> "only in left";
      case DIFFERENT -> "different";
      case DUPLICATE_KEY -> "duplicate key";
    };
  }

  private static String kindJson(Mismatch.Kind kind) {
    return kindText(kind).replace(' ', '_');
  }

  private static String names(List<ReconcileColumns.Pair> pairs) {
    return String.join(
        ", ",
        pairs.stream()
            .map(
                pair ->
                    pair.left().equals(pair.right())
                        ? pair.left()
                        : pair.left() + "=" + pair.right())
            .toList());
  }

  private static String queries(long count) {
    return Formats.count(count) + (count == 1 ? " query" : " queries");
  }

  private static String value(Object value) {
    if (value == null) {
      return "NULL";
    }
    String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    return text.length() <= MAX_VALUE_WIDTH ? text : text.substring(0, MAX_VALUE_WIDTH - 1) + "…";
  }
}
