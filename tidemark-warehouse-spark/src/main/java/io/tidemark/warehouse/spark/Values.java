package io.tidemark.warehouse.spark;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.spark.sql.Row;

/** Reads Spark's values as the plain Java values {@code QueryResult} promises. */
final class Values {
  private Values() {}

  static Object value(Row row, int column) {
    if (row.isNullAt(column)) {
      return null;
    }
    Object value = row.get(column);
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Long
        || value instanceof Double
        || value instanceof BigDecimal
        || value instanceof Boolean
        || value instanceof String
        || value instanceof LocalDate
        || value instanceof LocalDateTime) {
      return value;
    }
    if (value instanceof Instant instant) {
      // A timestamp with the session's zone, which is UTC.
      return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Timestamp time) {
      return time.toLocalDateTime();
    }
    return value.toString();
  }
}
