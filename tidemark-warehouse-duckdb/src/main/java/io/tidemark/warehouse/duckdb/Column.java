package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.partition.Grain;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A column as {@code duckdb_columns()} reports it, with DuckDB's type name ({@code BIGINT}). */
record Column(String name, String type) {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\d+\\)");
  private static final Set<String> TIME_TYPES =
      Set.of(
          "DATE",
          "TIMESTAMP",
          "TIMESTAMP_S",
          "TIMESTAMP_MS",
          "TIMESTAMP_NS",
          "TIMESTAMP WITH TIME ZONE");

  /** Width assumed for values of types whose size Tidemark does not model (lists, structs). */
  private static final int UNMODELLED_WIDTH = 16;

  Column {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }

  /** DuckDB resolves names case-insensitively, so comparisons do too. */
  String key() {
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * Whether values of the two types are stored alike. An enum described by the driver as bare
   * {@code ENUM} matches any enum, as the driver omits the values.
   */
  boolean sameType(Column other) {
    if (type.equals(other.type)) {
      return true;
    }
    return isEnum() && other.isEnum() && (type.equals("ENUM") || other.type.equals("ENUM"));
  }

  private boolean isEnum() {
    return type.equals("ENUM") || type.startsWith("ENUM(");
  }

  boolean isTime() {
    return TIME_TYPES.contains(type);
  }

  boolean hasTimeZone() {
    return type.equals("TIMESTAMP WITH TIME ZONE");
  }

  /**
   * The condition that this time column lies in {@code [start, end)} UTC: how an incremental write
   * selects a partition's rows. Never true for NULL.
   */
  String inside(LocalDateTime start, LocalDateTime end) {
    String column = Sql.identifier(name);
    return column
        + " >= "
        + Sql.timestamp(start, hasTimeZone())
        + " AND "
        + column
        + " < "
        + Sql.timestamp(end, hasTimeZone());
  }

  /**
   * The start (a UTC {@code TIMESTAMP}) of the partition of {@code grain} that holds this time
   * column's value: for a row in {@link #inside} a partition's span, that partition's start.
   */
  String partitionStart(Grain grain) {
    if (grain == Grain.ALL) {
      throw new IllegalArgumentException("an unpartitioned table has no partition start");
    }
    String column = Sql.identifier(name);
    String utc =
        switch (type) {
          // Not a cast: that would read the value in the session's time zone.
          case "TIMESTAMP WITH TIME ZONE" -> "timezone('UTC', " + column + ")";
          // The cast to microseconds rounds towards zero, so before 1970 it can land a value just
          // short of a boundary in the next partition; step back to round down instead.
          case "TIMESTAMP_NS" ->
              "CASE WHEN CAST("
                  + column
                  + " AS TIMESTAMP) > "
                  + column
                  + " THEN CAST("
                  + column
                  + " AS TIMESTAMP) - INTERVAL 1 MICROSECOND ELSE CAST("
                  + column
                  + " AS TIMESTAMP) END";
          default -> "CAST(" + column + " AS TIMESTAMP)";
        };
    // date_trunc gives a DATE for day and month; the cast makes every grain a TIMESTAMP.
    return "CAST(date_trunc('" + grain.label() + "', " + utc + ") AS TIMESTAMP)";
  }

  /**
   * The SQL that measures this column's bytes in a row, for variable-width types; empty for types
   * whose width is fixed.
   */
  String measuredLength() {
    return switch (type) {
      case "VARCHAR" -> "strlen(" + Sql.identifier(name) + ")";
      case "JSON" -> "strlen(CAST(" + Sql.identifier(name) + " AS VARCHAR))";
      case "BLOB" -> "octet_length(" + Sql.identifier(name) + ")";
      default -> "";
    };
  }

  /** The bytes a value takes uncompressed, for fixed-width types; 0 for measured ones. */
  int fixedWidth() {
    if (!measuredLength().isEmpty()) {
      return 0;
    }
    return switch (type) {
      case "BOOLEAN", "TINYINT", "UTINYINT" -> 1;
      case "SMALLINT", "USMALLINT" -> 2;
      case "INTEGER", "UINTEGER", "FLOAT", "DATE" -> 4;
      case "BIGINT",
          "UBIGINT",
          "DOUBLE",
          "TIME",
          "TIMESTAMP",
          "TIMESTAMP_S",
          "TIMESTAMP_MS",
          "TIMESTAMP_NS",
          "TIMESTAMP WITH TIME ZONE",
          "TIME WITH TIME ZONE" ->
          8;
      case "HUGEINT", "UHUGEINT", "UUID", "INTERVAL" -> 16;
      default -> isEnum() ? 4 : decimalWidth();
    };
  }

  private int decimalWidth() {
    Matcher decimal = DECIMAL.matcher(type);
    if (!decimal.matches()) {
      return UNMODELLED_WIDTH;
    }
    int precision = Integer.parseInt(decimal.group(1));
    return precision <= 4 ? 2 : precision <= 9 ? 4 : precision <= 18 ? 8 : 16;
  }

  @Override
  public String toString() {
    return name + " " + type;
  }
}
