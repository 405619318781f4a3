package io.tidemark.warehouse.duckdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The columns of one relation, in order, and what Tidemark derives from them. */
record TableColumns(List<Column> columns) {
  /**
   * Rows read to measure variable-width columns of a table write: the first rows stand in for the
   * rest, so a large table does not pay for a second full scan.
   */
  static final int SIZE_SAMPLE_ROWS = 65_536;

  TableColumns {
    columns = List.copyOf(columns);
  }

  boolean isEmpty() {
    return columns.isEmpty();
  }

  Optional<Column> find(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    return columns.stream().filter(column -> column.key().equals(key)).findFirst();
  }

  List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  /** How these columns differ from {@code existing}, in words; empty when they match. */
  List<String> differencesFrom(TableColumns existing) {
    Map<String, Column> mine = byKey(columns);
    Map<String, Column> theirs = byKey(existing.columns);
    List<String> differences = new ArrayList<>();
    for (Column column : columns) {
      if (!theirs.containsKey(column.key())) {
        differences.add("added " + column);
      }
    }
    for (Column old : existing.columns) {
      Column now = mine.get(old.key());
      if (now == null) {
        differences.add("removed " + old);
      } else if (!now.sameType(old)) {
        differences.add(old.name() + " changed from " + old.type() + " to " + now.type());
      }
    }
    return differences;
  }

  /**
   * One aggregate adding up the measured bytes of every variable-width column, or empty when all
   * widths are fixed and nothing needs reading.
   */
  String measuredBytes() {
    return columns.stream()
        .map(Column::measuredLength)
        .filter(length -> !length.isEmpty())
        .map(length -> "coalesce(sum(" + length + "), 0)")
        .collect(Collectors.joining(" + "));
  }

  /**
   * The uncompressed size of {@code rows} rows: fixed widths exactly, variable widths scaled from
   * {@code measuredBytes} over {@code measuredRows} of them.
   */
  long estimateBytes(long rows, long measuredRows, long measuredBytes) {
    long fixed = 0;
    for (Column column : columns) {
      fixed += column.fixedWidth();
    }
    double variable = measuredRows == 0 ? 0 : (double) measuredBytes * rows / measuredRows;
    return rows * fixed + Math.round(variable);
  }

  private static Map<String, Column> byKey(List<Column> columns) {
    Map<String, Column> byKey = new LinkedHashMap<>();
    columns.forEach(column -> byKey.put(column.key(), column));
    return byKey;
  }
}
