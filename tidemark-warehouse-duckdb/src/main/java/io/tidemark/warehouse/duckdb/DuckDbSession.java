package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.load.Stageable;
import io.tidemark.core.load.Staging;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.quality.reconcile.Reconcilable;
import io.tidemark.core.quality.reconcile.ReconcileSql;
import io.tidemark.core.warehouse.PartitionFingerprint;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.RowSink;
import io.tidemark.core.warehouse.SqlDialect;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * One connection to a {@link DuckDbWarehouse}: a duplicate of the warehouse's root connection, so
 * sessions on different threads share one database.
 */
public final class DuckDbSession implements WarehouseSession, Reconcilable, Stageable {
  private final DuckDbWarehouse warehouse;
  private final DuckDBConnection connection;
  private final StatementRunner statements;
  private final ModelWriter writer;
  private final Fingerprints fingerprints;
  private volatile boolean closed;
  private final TableWrites tableWrites;

  /** DuckDB's SQL for reconciliations; stateless, so shared. */
  private static final ReconcileSql RECONCILE_SQL = new DuckDbReconcileSql();

  DuckDbSession(
      DuckDbWarehouse warehouse,
      DuckDBConnection connection,
      SchemaRegistry schemas,
      boolean profiled,
      WriteCheckpoints checkpoints,
      TableWrites tableWrites) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.tableWrites = requireNonNull(tableWrites, "tableWrites is null");
    this.connection = requireNonNull(connection, "connection is null");
    this.statements = new StatementRunner(connection, profiled, checkpoints);
    this.writer = new ModelWriter(statements, schemas, Fingerprints.atWrite());
    this.fingerprints = new Fingerprints(statements);
  }

  @Override
  public SqlDialect dialect() {
    return DuckDbDialect.INSTANCE;
  }

  @Override
  public WriteResult write(WriteRequest request) {
    requireNonNull(request, "request is null");
    checkOpen();
    return tableWrites.locked(
        request.target(), () -> statements.operation(() -> writer.write(request)));
  }

  @Override
  public boolean writesBatches() {
    return true;
  }

  @Override
  public List<WriteResult> writeBatch(WriteRequest request) {
    requireNonNull(request, "request is null");
    checkOpen();
    return tableWrites.locked(
        request.target(), () -> statements.operation(() -> writer.writeAll(request)));
  }

  @Override
  public QueryResult query(String sql, int maxRows) {
    requireNonNull(sql, "sql is null");
    if (maxRows < 0) {
      throw new IllegalArgumentException("maxRows must not be negative, got " + maxRows);
    }
    checkOpen();
    // Results stream (see DuckDbWarehouse), so a huge result costs only the rows read here.
    // Statements that return no rows (DELETE, CREATE …) report how many rows they changed.
    return statements.operation(
        () ->
            statements.any(
                sql,
                result -> ResultValues.read(result, maxRows),
                changed ->
                    new QueryResult(
                        List.of("changed_rows"), List.of(List.<Object>of(changed)), false)));
  }

  @Override
  public Optional<String> bind(WriteRequest request) {
    requireNonNull(request, "request is null");
    checkOpen();
    try {
      return statements.operation(
          () -> {
            TableColumns result = new TableColumns(statements.describe(request.selectSql()));
            if (request.materialization() != Materialization.INCREMENTAL) {
              return Optional.<String>empty();
            }
            TableColumns existing;
            try {
              existing = new TableColumns(statements.tableColumns(Sql.relation(request.target())));
            } catch (SQLException e) {
              return Optional.<String>empty();
            }
            List<String> differences = result.differencesFrom(existing);
            return existing.isEmpty() || differences.isEmpty()
                ? Optional.<String>empty()
                : Optional.of(
                    "its columns no longer match its table: "
                        + String.join("; ", differences)
                        + " (drop the table to rebuild every partition, or keep the columns)");
          });
    } catch (TidemarkException e) {
      if (e.code() == ErrorCode.QUERY) {
        return Optional.of(e.getMessage());
      }
      throw e;
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
    return statements.operation(
        () ->
            statements.any(
                sql,
                result -> ResultValues.stream(result, maxRows, sink),
                changed -> {
                  sink.columns(List.of("changed_rows"));
                  sink.row(List.of(changed));
                  return false;
                }));
  }

  @Override
  public void execute(String sql) {
    requireNonNull(sql, "sql is null");
    checkOpen();
    statements.operation(
        () -> {
          statements.execute(sql);
          return null;
        });
  }

  @Override
  public Map<AssetName, Long> tableGenerations() {
    checkOpen();
    return statements.operation(
        () -> statements.query(TableGenerations.QUERY, TableGenerations::read));
  }

  @Override
  public Map<AssetName, Long> tableGenerations(Set<AssetName> tables) {
    requireNonNull(tables, "tables is null");
    if (tables.size() > TableGenerations.MAX_NAMED) {
      return WarehouseSession.super.tableGenerations(tables);
    }
    if (tables.isEmpty()) {
      return Map.of();
    }
    checkOpen();
    return statements.operation(
        () -> statements.query(TableGenerations.query(tables), TableGenerations::read));
  }

  @Override
  public boolean exists(AssetName relation) {
    requireNonNull(relation, "relation is null");
    checkOpen();
    // pragma_table_info looks up one relation (table or view); the catalog-wide views cost
    // milliseconds in a warehouse with many tables.
    return statements.operation(
        () -> {
          try {
            statements.query(
                "SELECT 1 FROM pragma_table_info("
                    + Sql.string(Sql.relation(relation))
                    + ") LIMIT 1",
                result -> null);
            return true;
          } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Catalog Error")) {
              return false;
            }
            throw e;
          }
        });
  }

  @Override
  public List<PartitionFingerprint> fingerprint(
      AssetName table, Partitioning partitioning, TimeRange range) {
    requireNonNull(table, "table is null");
    requireNonNull(partitioning, "partitioning is null");
    requireNonNull(range, "range is null");
    checkOpen();
    return statements.operation(() -> fingerprints.of(table, partitioning, range));
  }

  @Override
  public void cancel() {
    statements.cancel();
  }

  /** The session's {@link DuckDBConnection}, for its appender. */
  @Override
  public Optional<Connection> jdbcConnection() {
    return Optional.of(connection);
  }

  @Override
  public ReconcileSql reconcileSql() {
    return RECONCILE_SQL;
  }

  @Override
  public Staging staging() {
    return new DuckDbStaging(connection);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    warehouse.sessionClosed(this);
    try {
      // Also drops the session's temporary tables.
      connection.close();
    } catch (SQLException e) {
      throw new TidemarkException(
          ErrorCode.WAREHOUSE, "could not close session: " + EngineMessages.of(e), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
  }
}
