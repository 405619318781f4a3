package io.tidemark.warehouse.postgres;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.quality.reconcile.Reconcilable;
import io.tidemark.core.quality.reconcile.ReconcileSql;
import io.tidemark.core.warehouse.PartitionFingerprint;
import io.tidemark.core.warehouse.ReaderRoles;
import io.tidemark.core.warehouse.RowSink;
import io.tidemark.core.warehouse.SqlDialect;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One connection to a {@link PostgresWarehouse}, used by one thread at a time. */
public final class PostgresSession implements WarehouseSession, Reconcilable {
  private static final Pattern GENERATION = Pattern.compile("tidemark generation (\\d+)");

  private final PostgresWarehouse warehouse;
  private final Connection connection;
  private volatile Statement running;
  private volatile boolean closed;

  PostgresSession(PostgresWarehouse warehouse, Connection connection) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.connection = requireNonNull(connection, "connection is null");
  }

  @Override
  public SqlDialect dialect() {
    return PostgresDialect.INSTANCE;
  }

  @Override
  public WriteResult write(WriteRequest request) {
    requireNonNull(request, "request is null");
    checkOpen();
    try {
      return new Writes(this).write(request);
    } catch (SQLException e) {
      throw Errors.of(e, "writing " + request.target() + ": ");
    }
  }

  @Override
  public boolean stream(String sql, long maxRows, RowSink sink) {
    requireNonNull(sql, "sql is null");
    requireNonNull(sink, "sink is null");
    if (maxRows < 0) {
      throw new IllegalArgumentException("maxRows must not be negative, got " + maxRows);
    }
    checkOpen();
    try (Statement statement = statement()) {
      // A fetch size streams the rows through a cursor; it needs a transaction.
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        statement.setFetchSize(1000);
        boolean truncated;
        if (statement.execute(sql)) {
          try (ResultSet result = statement.getResultSet()) {
            truncated = Values.stream(result, maxRows, sink);
          }
        } else {
          sink.columns(List.of("changed_rows"));
          sink.row(List.of((long) statement.getUpdateCount()));
          truncated = false;
        }
        connection.commit();
        return truncated;
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw Errors.of(e, "");
    } finally {
      running = null;
    }
  }

  @Override
  public void execute(String sql) {
    requireNonNull(sql, "sql is null");
    checkOpen();
    try (Statement statement = statement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw Errors.of(e, "");
    } finally {
      running = null;
    }
  }

  @Override
  public Optional<String> bind(WriteRequest request) {
    requireNonNull(request, "request is null");
    checkOpen();
    // Describing a prepared statement makes the server parse and bind it without running it.
    try (PreparedStatement statement = connection.prepareStatement(request.selectSql())) {
      ResultSetMetaData metadata = statement.getMetaData();
      if (request.materialization() != Materialization.INCREMENTAL || !exists(request.target())) {
        return Optional.empty();
      }
      List<String> result = Writes.describe(metadata);
      List<String> existing = Writes.columnsOf(this, request.target());
      return existing.equals(result)
          ? Optional.empty()
          : Optional.of(
              "its columns no longer match its table: "
                  + result
                  + " instead of "
                  + existing
                  + " (drop the table to rebuild every partition, or keep the columns)");
    } catch (SQLException e) {
      TidemarkException failure = Errors.of(e, "");
      if (failure.code() == ErrorCode.QUERY) {
        return Optional.of(failure.getMessage());
      }
      throw failure;
    }
  }

  @Override
  public Map<AssetName, Long> tableGenerations() {
    checkOpen();
    Map<AssetName, Long> generations = new HashMap<>();
    String sql =
        "select n.nspname, c.relname, obj_description(c.oid, 'pg_class') from pg_class c"
            + " join pg_namespace n on n.oid = c.relnamespace"
            + " where c.relkind in ('r', 'v', 'm', 'p')"
            + " and n.nspname not in ('pg_catalog', 'information_schema')"
            + " and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'";
    try (Statement statement = statement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        String schema = rows.getString(1);
        String table = rows.getString(2);
        if (!AssetName.isIdentifier(schema) || !AssetName.isIdentifier(table)) {
          continue;
        }
        String comment = rows.getString(3);
        Matcher tag = GENERATION.matcher(comment == null ? "" : comment);
        generations.put(
            AssetName.of(schema, table), tag.find() ? Long.parseLong(tag.group(1)) : 0L);
      }
      return generations;
    } catch (SQLException e) {
      throw Errors.of(e, "reading the catalog: ");
    } finally {
      running = null;
    }
  }

  @Override
  public boolean exists(AssetName relation) {
    requireNonNull(relation, "relation is null");
    checkOpen();
    try (PreparedStatement statement =
        connection.prepareStatement("select to_regclass(?) is not null")) {
      statement.setString(1, dialect().relation(relation));
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    } catch (SQLException e) {
      throw Errors.of(e, "");
    }
  }

  @Override
  public List<PartitionFingerprint> fingerprint(
      AssetName table, Partitioning partitioning, TimeRange range) {
    requireNonNull(table, "table is null");
    requireNonNull(partitioning, "partitioning is null");
    requireNonNull(range, "range is null");
    checkOpen();
    try {
      return new Fingerprints(this).of(table, partitioning, range);
    } catch (SQLException e) {
      throw Errors.of(e, "fingerprinting " + table + ": ");
    }
  }

  @Override
  public ReconcileSql reconcileSql() {
    return new PostgresReconcileSql();
  }

  @Override
  public void cancel() {
    Statement statement = running;
    if (statement != null) {
      try {
        statement.cancel();
      } catch (SQLException e) {
        // The statement ended meanwhile: nothing left to cancel.
      }
    }
  }

  @Override
  public Optional<ReaderRoles> readerRoles() {
    checkOpen();
    return Optional.of(new PostgresReaderRoles(connection));
  }

  @Override
  public Optional<Connection> jdbcConnection() {
    return Optional.of(connection);
  }

  /** A statement that {@link #cancel} can reach; the caller closes it and clears it. */
  Statement statement() throws SQLException {
    Statement statement = connection.createStatement();
    running = statement;
    return statement;
  }

  void done() {
    running = null;
  }

  Connection connection() {
    return connection;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    warehouse.sessionClosed(this);
    try {
      connection.close();
    } catch (SQLException e) {
      throw new TidemarkException(
          ErrorCode.WAREHOUSE, "could not close session: " + Errors.message(e), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
  }
}
