package io.tidemark.warehouse.postgres;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.EngineUsage;
import io.tidemark.core.warehouse.SqlDialect;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's result written in one transaction. PostgreSQL's DDL is transactional, so a table or
 * view is dropped and made again atomically; a partition is staged in a temporary table, checked
 * (no row outside the partition, the table's columns), then its old rows deleted and the new ones
 * inserted. A failure anywhere, or a cancel, rolls all of it back: readers see the old partition
 * until the commit.
 */
final class Writes {
  /** Dropped at commit, so a session holds no staging table between writes. */
  private static final String BATCH = "tidemark_batch";

  private static final String COLUMNS =
      "select attname, format_type(atttypid, atttypmod) from pg_attribute"
          + " where attrelid = to_regclass(?) and attnum > 0 and not attisdropped order by attnum";

  private final PostgresSession session;
  private final SqlDialect dialect = PostgresDialect.INSTANCE;

  Writes(PostgresSession session) {
    this.session = session;
  }

  WriteResult write(WriteRequest request) throws SQLException {
    Connection connection = session.connection();
    createSchema(request.target().schema());
    String target = dialect.relation(request.target());
    connection.setAutoCommit(false);
    try (Statement statement = session.statement()) {
      WriteResult result =
          switch (request.materialization()) {
            case VIEW -> {
              List<String> dependents = dependentViews(statement, target);
              statement.execute("drop view if exists " + target + " cascade");
              statement.execute("create view " + target + " as " + request.selectSql());
              recreate(statement, dependents);
              yield new WriteResult(0, 0);
            }
            case TABLE -> replaceTable(statement, request, target);
            case INCREMENTAL -> partition(statement, request, target);
          };
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      session.done();
      connection.setAutoCommit(true);
    }
  }

  private WriteResult partition(Statement statement, WriteRequest request, String target)
      throws SQLException {
    statement.execute(
        "create temporary table " + BATCH + " on commit drop as " + request.selectSql());
    List<String> columns = columnsOf(session, BATCH);
    String column = request.partitioning().column();
    if (columns.stream().noneMatch(c -> c.startsWith(column + " "))) {
      throw new TidemarkException(
          ErrorCode.QUERY,
          "model "
              + request.target()
              + " has no partition column "
              + column
              + " (its columns: "
              + String.join(", ", columns)
              + ")");
    }
    PartitionKey partition = request.partition();
    String inside = dialect.partitionPredicate(column, partition);
    try (ResultSet outside =
        statement.executeQuery(
            "select count(*), count(*) filter (where "
                + dialect.identifier(column)
                + " is null) from "
                + BATCH
                + " where not coalesce("
                + inside
                + ", false)")) {
      outside.next();
      long rows = outside.getLong(1);
      if (rows > 0) {
        long nulls = outside.getLong(2);
        throw new TidemarkException(
            ErrorCode.QUERY,
            "model "
                + request.target()
                + " wrote "
                + rows
                + (rows == 1 ? " row" : " rows")
                + " outside partition "
                + partition
                + " (column "
                + column
                + " must be in ["
                + partition.start()
                + ", "
                + partition.end()
                + ")"
                + (nulls == 0 ? "" : "; " + nulls + " of them NULL")
                + "); filter on {{ partition_start }} and {{ partition_end }}");
      }
    }
    List<String> existing = columnsOf(session, target);
    if (existing.isEmpty()) {
      statement.execute("create table " + target + " (like " + BATCH + ")");
      statement.execute(
          "comment on table "
              + target
              + " is "
              + dialect.string("tidemark generation " + request.generation()));
    } else if (!existing.equals(columns)) {
      throw new TidemarkException(
          ErrorCode.QUERY,
          "model "
              + request.target()
              + " no longer matches its table: its columns are "
              + String.join(", ", columns)
              + ", the table's "
              + String.join(", ", existing)
              + ". Drop the table to rebuild every partition, or keep the model's columns");
    }
    statement.executeUpdate("delete from " + target + " where " + inside);
    long inserted = statement.executeUpdate("insert into " + target + " select * from " + BATCH);
    // The staged rows are the partition's rows now: their content hash is the one verify finds
    // in the table while nobody changes it.
    try (ResultSet measured =
        statement.executeQuery(
            "select coalesce(sum(pg_column_size(b.*)), 0), "
                + Fingerprints.contentHash(columns)
                + " from "
                + BATCH
                + " b")) {
      measured.next();
      return new WriteResult(
          inserted, measured.getLong(1), EngineUsage.NONE, measured.getString(2));
    }
  }

  /**
   * Replaces a table's rows; when its columns change, the table is made again and the views that
   * read it (which PostgreSQL would not let go) are made again after it, in the same transaction.
   */
  private WriteResult replaceTable(Statement statement, WriteRequest request, String target)
      throws SQLException {
    statement.execute(
        "create temporary table " + BATCH + " on commit drop as " + request.selectSql());
    List<String> existing = columnsOf(session, target);
    if (!existing.isEmpty() && existing.equals(columnsOf(session, BATCH))) {
      statement.executeUpdate("delete from " + target);
    } else {
      List<String> dependents = dependentViews(statement, target);
      statement.execute("drop table if exists " + target + " cascade");
      statement.execute("create table " + target + " (like " + BATCH + ")");
      recreate(statement, dependents);
    }
    statement.executeUpdate("insert into " + target + " select * from " + BATCH);
    return measured(statement, target, columnsOf(session, BATCH));
  }

  /**
   * {@code create view} statements of every view reading {@code relation}, directly or through
   * other views, in an order that makes each after the views it reads.
   */
  private List<String> dependentViews(Statement statement, String relation) throws SQLException {
    List<String> views = new ArrayList<>();
    String sql =
        "with recursive dependents(oid, depth) as ("
            + " select r.ev_class, 1 from pg_depend d join pg_rewrite r on r.oid = d.objid"
            + " where d.refobjid = to_regclass("
            + dialect.string(relation)
            + ") and r.ev_class <> d.refobjid"
            + " union select r.ev_class, dependents.depth + 1 from dependents"
            + " join pg_depend d on d.refobjid = dependents.oid"
            + " join pg_rewrite r on r.oid = d.objid where r.ev_class <> d.refobjid)"
            + " select n.nspname, c.relname, pg_get_viewdef(c.oid), max(depth) from dependents"
            + " join pg_class c on c.oid = dependents.oid"
            + " join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'v'"
            + " group by c.oid, n.nspname, c.relname order by max(depth)";
    try (ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        views.add(
            "create view "
                + dialect.identifier(rows.getString(1))
                + "."
                + dialect.identifier(rows.getString(2))
                + " as "
                + rows.getString(3));
      }
    }
    return views;
  }

  private static void recreate(Statement statement, List<String> views) throws SQLException {
    for (String view : views) {
      statement.execute(view);
    }
  }

  private static WriteResult measured(Statement statement, String target, List<String> columns)
      throws SQLException {
    try (ResultSet result =
        statement.executeQuery(
            "select count(*), coalesce(sum(pg_column_size(t.*)), 0), "
                + Fingerprints.contentHash(columns)
                + " from "
                + target
                + " t")) {
      result.next();
      return new WriteResult(
          result.getLong(1), result.getLong(2), EngineUsage.NONE, result.getString(3));
    }
  }

  /**
   * Outside the write's transaction, so that two writes meeting a new schema at once do not both
   * fail: the loser of the race finds it made.
   */
  private void createSchema(String schema) throws SQLException {
    try (Statement statement = session.connection().createStatement()) {
      statement.execute(dialect.createSchemaIfNotExists(schema));
    } catch (SQLException e) {
      // 23505: another session made the schema between the check and the insert into the catalog.
      if (!"23505".equals(e.getSQLState()) && !"42P06".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /** A relation's columns, {@code name type} in table order; empty when it does not exist. */
  static List<String> columnsOf(PostgresSession session, String relation) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement statement = session.connection().prepareStatement(COLUMNS)) {
      statement.setString(1, relation);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          columns.add(rows.getString(1) + " " + rows.getString(2));
        }
      }
    }
    return columns;
  }

  static List<String> columnsOf(PostgresSession session, AssetName relation) throws SQLException {
    return columnsOf(session, PostgresDialect.INSTANCE.relation(relation));
  }

  /** A result's columns, {@code name type}, as {@link #columnsOf} spells them. */
  static List<String> describe(ResultSetMetaData metadata) throws SQLException {
    List<String> columns = new ArrayList<>();
    for (int i = 1; i <= metadata.getColumnCount(); i++) {
      columns.add(metadata.getColumnLabel(i) + " " + metadata.getColumnTypeName(i));
    }
    return columns;
  }
}
