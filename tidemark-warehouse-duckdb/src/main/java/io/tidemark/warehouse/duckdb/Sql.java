package io.tidemark.warehouse.duckdb;

import io.tidemark.core.asset.AssetName;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Quoting for the identifiers and literals Tidemark writes into DuckDB statements. */
final class Sql {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private Sql() {}

  /** Always quoted, so names that are keywords ({@code order}, {@code group}) work too. */
  static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  static String relation(AssetName name) {
    return identifier(name.schema()) + "." + identifier(name.table());
  }

  static String string(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * A literal for comparing against a partition column. Partitions are UTC; a {@code TIMESTAMP WITH
   * TIME ZONE} column gets an explicit offset so the session's time zone cannot shift it.
   */
  static String timestamp(LocalDateTime time, boolean withTimeZone) {
    String text = TIMESTAMP.format(time);
    return withTimeZone ? "TIMESTAMPTZ '" + text + "+00'" : "TIMESTAMP '" + text + "'";
  }
}
