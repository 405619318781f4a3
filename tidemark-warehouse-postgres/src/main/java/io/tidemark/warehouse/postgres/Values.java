package io.tidemark.warehouse.postgres;

import io.tidemark.core.warehouse.RowSink;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads PostgreSQL's values as the plain Java values {@code QueryResult} promises. */
final class Values {
  private Values() {}

  /** Hands each row to {@code sink}; returns whether rows remained after {@code maxRows}. */
  static boolean stream(ResultSet result, long maxRows, RowSink sink) throws SQLException {
    ResultSetMetaData metadata = result.getMetaData();
    int count = metadata.getColumnCount();
    List<String> columns = new ArrayList<>(count);
    int[] types = new int[count];
    for (int i = 1; i <= count; i++) {
      columns.add(metadata.getColumnLabel(i));
      types[i - 1] = metadata.getColumnType(i);
    }
    sink.columns(columns);
    long rows = 0;
    while (result.next()) {
      if (rows == maxRows) {
        return true;
      }
      List<Object> values = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        values.add(value(result, i, types[i - 1]));
      }
      sink.row(values);
      rows++;
    }
    return false;
  }

  private static Object value(ResultSet result, int column, int type) throws SQLException {
    switch (type) {
      case Types.DATE -> {
        Date date = result.getDate(column);
        return date == null ? null : date.toLocalDate();
      }
      case Types.TIMESTAMP -> {
        Timestamp time = result.getTimestamp(column);
        return time == null ? null : time.toLocalDateTime();
      }
      case Types.TIMESTAMP_WITH_TIMEZONE -> {
        OffsetDateTime time = result.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      default -> {
        Object value = result.getObject(column);
        if (value == null) {
          return null;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
          return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
          return f.doubleValue();
        }
        if (value instanceof java.math.BigInteger integer) {
          return new BigDecimal(integer);
        }
        if (value instanceof Long
            || value instanceof Double
            || value instanceof BigDecimal
            || value instanceof Boolean
            || value instanceof String) {
          return value;
        }
        if (value instanceof Array array) {
          Object elements = array.getArray();
          return elements instanceof Object[] items ? Arrays.toString(items) : elements.toString();
        }
        return value.toString();
      }
    }
  }
}
