package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.EngineUsage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * Runs one session's statements and lets another thread cancel the operation they belong to.
 *
 * <p>DuckDB can only interrupt a statement that is executing, so a cancel that lands between two
 * statements of a write would be lost. The runner therefore remembers the request for the rest of
 * the operation: every later statement refuses to start, and the write rolls back.
 */
final class StatementRunner {
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  @FunctionalInterface
  interface ResultReader<T> {
    T read(ResultSet result) throws SQLException;
  }

  private final Connection connection;
  private final Object guard = new Object();
  private Statement inFlight; // guarded by guard
  private boolean operationActive; // guarded by guard
  private boolean cancelRequested; // guarded by guard

  private final boolean profiled;
  private final WriteCheckpoints checkpoints;

  /**
   * @param profiled whether DuckDB's profiler is on for this connection (see {@link EngineProfile})
   * @param checkpoints the warehouse's checkpoints between writes
   */
  StatementRunner(Connection connection, boolean profiled, WriteCheckpoints checkpoints) {
    this.connection = requireNonNull(connection, "connection is null");
    this.profiled = profiled;
    this.checkpoints = requireNonNull(checkpoints, "checkpoints is null");
  }

  /** Runs {@code work} as one cancellable operation; engine failures become WAREHOUSE errors. */
  <T> T operation(Work<T> work) {
    synchronized (guard) {
      operationActive = true;
      cancelRequested = false;
    }
    try {
      return work.run();
    } catch (SQLException e) {
      if (wasCancelled()) {
        throw new TidemarkException(ErrorCode.WAREHOUSE, "cancelled", e);
      }
      throw new TidemarkException(EngineMessages.code(e), EngineMessages.of(e), e);
    } finally {
      synchronized (guard) {
        operationActive = false;
        cancelRequested = false;
        inFlight = null;
      }
    }
  }

  /** Callable from any thread; does nothing when no operation is running. */
  void cancel() {
    Statement statement;
    synchronized (guard) {
      if (!operationActive) {
        return;
      }
      cancelRequested = true;
      statement = inFlight;
    }
    if (statement != null) {
      try {
        statement.cancel();
      } catch (SQLException e) {
        // The statement finished or closed meanwhile; the flag still stops the next one.
      }
    }
  }

  /** What a statement returned and what DuckDB reported for it. */
  record Profiled<T>(T result, EngineUsage usage) {}

  /**
   * Runs one statement and reads its profile right after it, before anything else runs on the
   * connection (a COMMIT would replace it).
   */
  <T> Profiled<T> profiled(Work<T> statement) throws SQLException {
    T result = statement.run();
    if (!profiled) {
      return new Profiled<>(result, EngineUsage.NONE);
    }
    return new Profiled<>(result, EngineProfile.latest(connection.unwrap(DuckDBConnection.class)));
  }

  boolean wasCancelled() {
    synchronized (guard) {
      return cancelRequested;
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement statement = start()) {
      statement.execute(sql);
    } finally {
      finish();
    }
  }

  <T> T query(String sql, ResultReader<T> reader) throws SQLException {
    try (Statement statement = start();
        ResultSet result = statement.executeQuery(sql)) {
      return reader.read(result);
    } finally {
      finish();
    }
  }

  /**
   * Runs any statement: a query's rows go to {@code reader}, the count of rows changed by anything
   * else to {@code changed}.
   */
  <T> T any(String sql, ResultReader<T> reader, java.util.function.LongFunction<T> changed)
      throws SQLException {
    try (Statement statement = start()) {
      if (statement.execute(sql)) {
        try (ResultSet result = statement.getResultSet()) {
          return reader.read(result);
        }
      }
      return changed.apply(Math.max(0, statement.getLargeUpdateCount()));
    } finally {
      finish();
    }
  }

  /** Runs an INSERT, UPDATE or DELETE and returns the rows it changed. */
  long update(String sql) throws SQLException {
    try (Statement statement = start()) {
      return statement.executeLargeUpdate(sql);
    } finally {
      finish();
    }
  }

  /**
   * The columns a query would return, from binding it without running it. (DuckDB's driver names an
   * enum type {@code ENUM} here without its values; {@link Column} allows for that.)
   */
  List<Column> describe(String sql) throws SQLException {
    checkNotCancelled();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      ResultSetMetaData metadata = statement.getMetaData();
      List<Column> columns = new ArrayList<>(metadata.getColumnCount());
      for (int i = 1; i <= metadata.getColumnCount(); i++) {
        columns.add(new Column(metadata.getColumnName(i), metadata.getColumnTypeName(i)));
      }
      return columns;
    }
  }

  /** The columns of a table or view; fails with a catalog error when there is none. */
  List<Column> tableColumns(String relation) throws SQLException {
    return query(
        "SELECT name, type FROM pragma_table_info(" + Sql.string(relation) + ")",
        result -> {
          List<Column> columns = new ArrayList<>();
          while (result.next()) {
            columns.add(new Column(result.getString(1), result.getString(2)));
          }
          return columns;
        });
  }

  /** The first row of a query whose columns are all integers; NULL reads as 0. */
  long[] longs(String sql) throws SQLException {
    return query(
        sql,
        result -> {
          int count = result.getMetaData().getColumnCount();
          long[] values = new long[count];
          if (result.next()) {
            for (int i = 0; i < count; i++) {
              values[i] = result.getLong(i + 1);
            }
          }
          return values;
        });
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back if it throws. The
   * warehouse checkpoints between such transactions (see {@link WriteCheckpoints}).
   */
  <T> T transaction(Work<T> work) throws SQLException {
    return checkpoints.write(
        connection,
        () -> {
          execute("BEGIN TRANSACTION");
          T result;
          try {
            result = work.run();
            execute("COMMIT");
          } catch (SQLException | RuntimeException e) {
            rollback(e);
            throw e;
          }
          return result;
        });
  }

  private void rollback(Exception failure) {
    // Not cancellable: after a cancel this is exactly the statement that must still run.
    try (Statement statement = connection.createStatement()) {
      statement.execute("ROLLBACK");
    } catch (SQLException e) {
      // DuckDB has already rolled back a transaction whose COMMIT failed.
      if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
        failure.addSuppressed(e);
      }
    }
  }

  private void checkNotCancelled() throws SQLException {
    synchronized (guard) {
      if (cancelRequested) {
        throw new SQLException("cancelled");
      }
    }
  }

  private Statement start() throws SQLException {
    synchronized (guard) {
      if (cancelRequested) {
        throw new SQLException("cancelled");
      }
      // DuckDB closes a statement whose execution failed, so each one gets a fresh statement.
      inFlight = connection.createStatement();
      return inFlight;
    }
  }

  private void finish() {
    synchronized (guard) {
      inFlight = null;
    }
  }
}
