package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.warehouse.EngineUsage;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a model's result for one session. Each write is one transaction, so a failure or a cancel
 * leaves the relation as it was.
 *
 * <p>The hot path avoids DuckDB's catalog-wide functions ({@code duckdb_columns()}, {@code
 * information_schema}): they enumerate every table and cost milliseconds in a large warehouse,
 * where {@code pragma_table_info} on one relation costs a fraction of one.
 */
final class ModelWriter {
  private final StatementRunner statements;
  private final SchemaRegistry schemas;
  private final boolean hashes;

  /**
   * @param hashes whether writes compute the content hash of what they wrote ({@link
   *     Fingerprints#atWrite})
   */
  ModelWriter(StatementRunner statements, SchemaRegistry schemas, boolean hashes) {
    this.statements = requireNonNull(statements, "statements is null");
    this.schemas = requireNonNull(schemas, "schemas is null");
    this.hashes = hashes;
  }

  WriteResult write(WriteRequest request) throws SQLException {
    List<WriteResult> written = writeAll(request);
    if (written.size() != 1) {
      throw new IllegalArgumentException("a batch of partitions is written with writeBatch");
    }
    return written.get(0);
  }

  /** Writes a batch of partitions (or one), one result per partition. */
  List<WriteResult> writeAll(WriteRequest request) throws SQLException {
    schemas.ensure(request.target().schema(), statements);
    try {
      return write(request, List.of());
    } catch (SQLException first) {
      if (statements.wasCancelled()) {
        throw first;
      }
      Optional<List<String>> clearing;
      try {
        clearing = clearingFor(request);
      } catch (SQLException lookup) {
        first.addSuppressed(lookup);
        throw first;
      }
      if (clearing.isEmpty()) {
        throw first;
      }
      return write(request, clearing.get());
    }
  }

  private List<WriteResult> write(WriteRequest request, List<String> clearing) throws SQLException {
    return switch (request.materialization()) {
      case TABLE -> List.of(writeTable(request, clearing));
      case VIEW -> List.of(writeView(request, clearing));
      case INCREMENTAL -> writePartitions(request, clearing);
    };
  }

  private WriteResult writeTable(WriteRequest request, List<String> clearing) throws SQLException {
    String relation = Sql.relation(request.target());
    String create = "CREATE OR REPLACE TABLE " + relation + " AS " + request.selectSql();
    // One statement is one transaction: readers see the old table or the new one. Measuring after
    // the commit is cheaper than inside it, where DuckDB reads the table from transaction-local
    // storage; only a relation of the other kind in the way needs an explicit transaction.
    EngineUsage usage = runAtomically(clearing, create);
    List<Column> columns = new ArrayList<>();
    long rows =
        statements.query(
            "SELECT name, type, (SELECT count(*) FROM "
                + relation
                + ") FROM pragma_table_info("
                + Sql.string(relation)
                + ")",
            result -> {
              long count = 0;
              while (result.next()) {
                columns.add(new Column(result.getString(1), result.getString(2)));
                count = result.getLong(3);
              }
              return count;
            });
    TableColumns table = new TableColumns(columns);
    String measuredBytes = table.measuredBytes();
    String contentHash = hashes ? Fingerprints.contentHash(table) : "NULL";
    // The content hash reads every row, as verify will; the sizes of variable-width columns are
    // measured in the same scan of a small table, and on the first rows of a large one, which
    // stand in for the rest.
    if (measuredBytes.isEmpty() || rows <= TableColumns.SIZE_SAMPLE_ROWS) {
      String[] measured =
          statements.query(
              "SELECT "
                  + (measuredBytes.isEmpty() ? "0" : measuredBytes)
                  + ", "
                  + contentHash
                  + " FROM "
                  + relation,
              result -> {
                result.next();
                return new String[] {
                  result.getString(1), hashes ? Fingerprints.hash(result, 2) : ""
                };
              });
      return new WriteResult(
          rows, table.estimateBytes(rows, rows, Long.parseLong(measured[0])), usage, measured[1]);
    }
    long[] measured =
        statements.longs(
            "SELECT count(*), "
                + measuredBytes
                + " FROM (SELECT * FROM "
                + relation
                + " LIMIT "
                + TableColumns.SIZE_SAMPLE_ROWS
                + ")");
    String hash =
        !hashes
            ? ""
            : statements.query(
                "SELECT " + contentHash + " FROM " + relation,
                result -> {
                  result.next();
                  return Fingerprints.hash(result, 1);
                });
    return new WriteResult(rows, table.estimateBytes(rows, measured[0], measured[1]), usage, hash);
  }

  private WriteResult writeView(WriteRequest request, List<String> clearing) throws SQLException {
    runAtomically(
        clearing,
        "CREATE OR REPLACE VIEW " + Sql.relation(request.target()) + " AS " + request.selectSql());
    return new WriteResult(0, 0);
  }

  /** Runs {@code create} after {@code clearing}, as one transaction; returns what it used. */
  private EngineUsage runAtomically(List<String> clearing, String create) throws SQLException {
    if (clearing.isEmpty()) {
      return executeProfiled(create);
    }
    return statements.transaction(
        () -> {
          for (String statement : clearing) {
            statements.execute(statement);
          }
          return executeProfiled(create);
        });
  }

  private EngineUsage executeProfiled(String sql) throws SQLException {
    return statements
        .profiled(
            () -> {
              statements.execute(sql);
              return null;
            })
        .usage();
  }

  private List<WriteResult> writePartitions(WriteRequest request, List<String> clearing)
      throws SQLException {
    if (!request.partitioning().isPartitioned()) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          "model " + request.target() + " is incremental but declares no partition column");
    }
    return new PartitionWrite(statements, request, hashes).run(clearing);
  }

  /**
   * After a failed write, what would let a retry succeed: the schema was dropped behind the
   * registry's back, or the relation exists as the other kind (a model switched between view and
   * table). Only runs on failure, so the catalog-wide lookups are affordable here.
   */
  private Optional<List<String>> clearingFor(WriteRequest request) throws SQLException {
    AssetName target = request.target();
    String[] found =
        statements.query(
            "SELECT (SELECT count(*) FROM duckdb_schemas() WHERE database_name = current_database()"
                + " AND lower(schema_name) = lower("
                + Sql.string(target.schema())
                + "))::VARCHAR, (SELECT any_value(table_type) FROM information_schema.tables"
                + " WHERE table_catalog = current_database() AND lower(table_schema) = lower("
                + Sql.string(target.schema())
                + ") AND lower(table_name) = lower("
                + Sql.string(target.table())
                + "))",
            result -> {
              result.next();
              return new String[] {result.getString(1), result.getString(2)};
            });
    if (found[0].equals("0")) {
      schemas.forget(target.schema());
      schemas.ensure(target.schema(), statements);
      return Optional.of(List.of());
    }
    String kind = found[1];
    boolean wantsView = request.materialization() == Materialization.VIEW;
    if ("VIEW".equals(kind) && !wantsView) {
      return Optional.of(List.of("DROP VIEW " + Sql.relation(target)));
    }
    if ("BASE TABLE".equals(kind) && wantsView) {
      return Optional.of(List.of("DROP TABLE " + Sql.relation(target)));
    }
    return Optional.empty();
  }
}
