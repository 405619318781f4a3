package io.tidemark.connectors.jdbc;

import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.LoadType;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a service database's column types become warehouse types (the table in docs/sources.md):
 * integers of every width to BIGINT, exact numerics with a precision up to 38 to DECIMAL(p,s) and
 * wider or unconstrained ones to DOUBLE, floating point to DOUBLE, character and text types (JSON,
 * UUID, enums, times of day, intervals too) to VARCHAR, DATE to DATE, timestamps to TIMESTAMP (with
 * a time zone: converted to UTC), binary types to BLOB, booleans and MariaDB's BIT(1) to BOOLEAN.
 */
final class JdbcTypes {
  private JdbcTypes() {}

  /** A result column: its warehouse column, and how to read its values. */
  record Mapped(LoadColumn column, Reader reader) {}

  @FunctionalInterface
  interface Reader {
    Object read(ResultSet rows, int index) throws SQLException;
  }

  static List<Mapped> map(ResultSetMetaData metadata) throws SQLException {
    List<Mapped> columns = new ArrayList<>();
    for (int i = 1; i <= metadata.getColumnCount(); i++) {
      columns.add(map(metadata.getColumnLabel(i), metadata, i));
    }
    return columns;
  }

  private static Mapped map(String name, ResultSetMetaData metadata, int i) throws SQLException {
    int type = metadata.getColumnType(i);
    String typeName = String.valueOf(metadata.getColumnTypeName(i)).toLowerCase(Locale.ROOT);
    switch (type) {
      case Types.BOOLEAN:
        return new Mapped(LoadColumn.of(name, LoadType.BOOLEAN), JdbcTypes::bool);
      case Types.BIT:
        if (metadata.getPrecision(i) <= 1) {
          return new Mapped(LoadColumn.of(name, LoadType.BOOLEAN), JdbcTypes::bool);
        }
        return new Mapped(LoadColumn.of(name, LoadType.BIGINT), JdbcTypes::bigint);
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
        return new Mapped(LoadColumn.of(name, LoadType.BIGINT), JdbcTypes::bigint);
      case Types.REAL:
      case Types.FLOAT:
      case Types.DOUBLE:
        return new Mapped(LoadColumn.of(name, LoadType.DOUBLE), JdbcTypes::floating);
      case Types.NUMERIC:
      case Types.DECIMAL:
        int precision = metadata.getPrecision(i);
        int scale = metadata.getScale(i);
        if (precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision) {
          return new Mapped(LoadColumn.decimal(name, precision, scale), JdbcTypes::decimal);
        }
        return new Mapped(LoadColumn.of(name, LoadType.DOUBLE), JdbcTypes::floating);
      case Types.DATE:
        if (typeName.equals("year")) {
          return new Mapped(LoadColumn.of(name, LoadType.BIGINT), JdbcTypes::bigint);
        }
        return new Mapped(LoadColumn.of(name, LoadType.DATE), JdbcTypes::date);
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return new Mapped(LoadColumn.of(name, LoadType.TIMESTAMP), JdbcTypes::utcTimestamp);
      case Types.TIMESTAMP:
        if (typeName.equals("timestamptz")) {
          return new Mapped(LoadColumn.of(name, LoadType.TIMESTAMP), JdbcTypes::utcTimestamp);
        }
        return new Mapped(LoadColumn.of(name, LoadType.TIMESTAMP), JdbcTypes::timestamp);
      case Types.BINARY:
      case Types.VARBINARY:
      case Types.LONGVARBINARY:
      case Types.BLOB:
        return new Mapped(LoadColumn.of(name, LoadType.BLOB), JdbcTypes::bytes);
      default:
        return new Mapped(LoadColumn.of(name, LoadType.VARCHAR), JdbcTypes::text);
    }
  }

  private static Object bool(ResultSet rows, int i) throws SQLException {
    boolean value = rows.getBoolean(i);
    return rows.wasNull() ? null : value;
  }

  private static Object bigint(ResultSet rows, int i) throws SQLException {
    long value = rows.getLong(i);
    return rows.wasNull() ? null : value;
  }

  private static Object floating(ResultSet rows, int i) throws SQLException {
    double value = rows.getDouble(i);
    return rows.wasNull() ? null : value;
  }

  private static Object decimal(ResultSet rows, int i) throws SQLException {
    return rows.getBigDecimal(i);
  }

  private static Object date(ResultSet rows, int i) throws SQLException {
    return rows.getObject(i, LocalDate.class);
  }

  private static Object timestamp(ResultSet rows, int i) throws SQLException {
    return rows.getObject(i, LocalDateTime.class);
  }

  private static Object utcTimestamp(ResultSet rows, int i) throws SQLException {
    OffsetDateTime value = rows.getObject(i, OffsetDateTime.class);
    return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
  }

  private static Object bytes(ResultSet rows, int i) throws SQLException {
    return rows.getBytes(i);
  }

  private static Object text(ResultSet rows, int i) throws SQLException {
    return rows.getString(i);
  }
}
