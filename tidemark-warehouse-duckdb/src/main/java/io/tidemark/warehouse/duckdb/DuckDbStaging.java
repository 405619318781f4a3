package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.Staging;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Stages loaded rows in a temporary table of the session through DuckDB's appender, which writes
 * column vectors directly: the fastest way into DuckDB from Java, many times row-by-row inserts.
 * Temporary tables belong to the session's connection, so concurrent loads never see each other's.
 */
final class DuckDbStaging implements Staging {
  private static final AtomicLong NEXT = new AtomicLong();

  private final DuckDBConnection connection;

  DuckDbStaging(DuckDBConnection connection) {
    this.connection = requireNonNull(connection, "connection is null");
  }

  @Override
  public StagedRows stage(List<LoadColumn> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a staged table needs columns");
    }
    String name = "tidemark_stage_" + NEXT.incrementAndGet();
    StringBuilder create =
        new StringBuilder("CREATE TEMPORARY TABLE ").append(Sql.identifier(name)).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      create
          .append(i == 0 ? "" : ", ")
          .append(Sql.identifier(columns.get(i).name()))
          .append(' ')
          .append(columns.get(i).sqlType());
    }
    create.append(')');
    try (Statement statement = connection.createStatement()) {
      statement.execute(create.toString());
      return new Rows(name, columns, connection.createAppender("temp", "main", name));
    } catch (SQLException e) {
      throw new TidemarkException(
          ErrorCode.WAREHOUSE, "cannot stage loaded rows: " + EngineMessages.of(e), e);
    }
  }

  private final class Rows implements StagedRows {
    private final String name;
    private final List<LoadColumn> columns;
    private DuckDBAppender appender;

    Rows(String name, List<LoadColumn> columns, DuckDBAppender appender) {
      this.name = name;
      this.columns = columns;
      this.appender = appender;
    }

    @Override
    public String relation() {
      return "temp.main." + Sql.identifier(name);
    }

    @Override
    public void append(Object[] values) {
      if (values.length != columns.size()) {
        throw new IllegalArgumentException(
            "a row of " + values.length + " values for " + columns.size() + " columns");
      }
      try {
        appender.beginRow();
        for (int i = 0; i < values.length; i++) {
          appendValue(columns.get(i), values[i]);
        }
        appender.endRow();
      } catch (SQLException e) {
        throw new TidemarkException(
            ErrorCode.WAREHOUSE, "cannot stage a loaded row: " + EngineMessages.of(e), e);
      }
    }

    private void appendValue(LoadColumn column, Object value) throws SQLException {
      if (value == null) {
        appender.appendNull();
        return;
      }
      switch (column.type()) {
        case BOOLEAN -> appender.append((Boolean) value);
        case BIGINT -> appender.append(((Number) value).longValue());
        case DOUBLE -> appender.append(((Number) value).doubleValue());
        case DECIMAL ->
            appender.append(
                value instanceof BigDecimal decimal
                    ? decimal.setScale(column.scale(), java.math.RoundingMode.HALF_EVEN)
                    : BigDecimal.valueOf(((Number) value).doubleValue())
                        .setScale(column.scale(), java.math.RoundingMode.HALF_EVEN));
        case VARCHAR -> appender.append(value.toString());
        case DATE -> appender.append((LocalDate) value);
        case TIMESTAMP -> appender.append((LocalDateTime) value);
        case BLOB -> appender.append((byte[]) value);
      }
    }

    @Override
    public void finish() {
      try {
        if (appender != null) {
          appender.close();
          appender = null;
        }
      } catch (SQLException e) {
        throw new TidemarkException(
            ErrorCode.WAREHOUSE, "cannot stage loaded rows: " + EngineMessages.of(e), e);
      }
    }

    @Override
    public void close() {
      try {
        finish();
      } finally {
        try (Statement statement = connection.createStatement()) {
          statement.execute("DROP TABLE IF EXISTS " + relation());
        } catch (SQLException ignored) {
          // The table dies with the session anyway.
        }
      }
    }
  }
}
