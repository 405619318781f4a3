package io.tidemark.warehouse.duckdb;

import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.RowSink;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads a DuckDB result as the plain Java values {@link QueryResult} promises. */
final class ResultValues {
  private enum Kind {
    LONG,
    WIDE_INTEGER,
    FLOAT,
    DOUBLE,
    DECIMAL,
    BOOLEAN,
    DATE,
    TIMESTAMP,
    TEXT
  }

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private ResultValues() {}

  static QueryResult read(ResultSet result, int maxRows) throws SQLException {
    List<String> columns = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    boolean truncated =
        stream(
            result,
            maxRows,
            new RowSink() {
              @Override
              public void columns(List<String> names) {
                columns.addAll(names);
              }

              @Override
              public void row(List<Object> values) {
                rows.add(values);
              }
            });
    return new QueryResult(columns, Collections.unmodifiableList(rows), truncated);
  }

  /** Hands each row to {@code sink}; returns whether rows remained after {@code maxRows}. */
  static boolean stream(ResultSet result, long maxRows, RowSink sink) throws SQLException {
    ResultSetMetaData metadata = result.getMetaData();
    int count = metadata.getColumnCount();
    List<String> columns = new ArrayList<>(count);
    Kind[] kinds = new Kind[count];
    for (int i = 0; i < count; i++) {
      columns.add(metadata.getColumnLabel(i + 1));
      kinds[i] = kindOf(metadata.getColumnTypeName(i + 1));
    }
    sink.columns(Collections.unmodifiableList(columns));
    long rows = 0;
    while (result.next()) {
      if (rows == maxRows) {
        return true;
      }
      List<Object> row = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        row.add(value(result, i + 1, kinds[i]));
      }
      // Unmodifiable, yet null-tolerant unlike List.of.
      sink.row(Collections.unmodifiableList(row));
      rows++;
    }
    return false;
  }

  private static Kind kindOf(String type) {
    if (type.startsWith("DECIMAL")) {
      return Kind.DECIMAL;
    }
    return switch (type) {
      case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER" ->
          Kind.LONG;
      case "UBIGINT", "HUGEINT", "UHUGEINT" -> Kind.WIDE_INTEGER;
      case "FLOAT" -> Kind.FLOAT;
      case "DOUBLE" -> Kind.DOUBLE;
      case "BOOLEAN" -> Kind.BOOLEAN;
      case "DATE" -> Kind.DATE;
      case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> Kind.TIMESTAMP;
      default -> Kind.TEXT;
    };
  }

  private static Object value(ResultSet result, int column, Kind kind) throws SQLException {
    Object value =
        switch (kind) {
          case LONG -> result.getLong(column);
          case WIDE_INTEGER -> wideInteger(result.getObject(column));
          // Through its decimal text, so 0.1f reads as 0.1 rather than 0.10000000149011612.
          case FLOAT -> Double.valueOf(Float.toString(result.getFloat(column)));
          case DOUBLE -> result.getDouble(column);
          case DECIMAL -> result.getBigDecimal(column);
          case BOOLEAN -> result.getBoolean(column);
          case DATE -> result.getObject(column, LocalDate.class);
          case TIMESTAMP -> result.getObject(column, LocalDateTime.class);
          case TEXT -> result.getString(column);
        };
    return result.wasNull() ? null : value;
  }

  /** A Long when it fits; beyond the range of long, a BigDecimal keeps every digit. */
  private static Object wideInteger(Object value) {
    if (value == null) {
      return null;
    }
    BigInteger integer = value instanceof BigInteger big ? big : new BigInteger(value.toString());
    if (integer.compareTo(LONG_MIN) >= 0 && integer.compareTo(LONG_MAX) <= 0) {
      return integer.longValue();
    }
    return new BigDecimal(integer);
  }
}
