package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.EngineUsage;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

/**
 * Replaces one partition of an incremental model in one transaction: delete the partition's rows,
 * insert the model's result, then check that every inserted row landed inside the partition. Any
 * failure, or a row outside, rolls all of it back.
 *
 * <p>The check needs no staging table: once the partition is emptied, the rows inside it are
 * exactly the inserted rows that belong there, so fewer of them than were inserted means some fell
 * outside. Staging cost a temporary table per write, and its create and drop made every commit
 * measurably slower.
 */
final class PartitionWrite {
  private final StatementRunner statements;
  private final WriteRequest request;
  private final String target;

  PartitionWrite(StatementRunner statements, WriteRequest request) {
    this.statements = requireNonNull(statements, "statements is null");
    this.request = requireNonNull(request, "request is null");
    this.target = Sql.relation(request.target());
  }

  /** {@code clearing} drops a relation in the target's way (see {@link ModelWriter}). */
  WriteResult run(List<String> clearing) throws SQLException {
    // The model's columns from binding it, without running it: a changed model fails before any
    // row is touched.
    TableColumns result = new TableColumns(statements.describe(request.selectSql()));
    Column partitionColumn = partitionColumn(result);
    // Read before the transaction: a failed lookup (no such table) must not be able to affect it.
    TableColumns existing = clearing.isEmpty() ? columnsOfTarget() : new TableColumns(List.of());
    List<String> differences = result.differencesFrom(existing);
    if (!existing.isEmpty() && !differences.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.QUERY,
          "model "
              + request.target()
              + " no longer matches its table: "
              + String.join("; ", differences)
              + ". Drop the table to rebuild every partition, or keep the model's columns");
    }
    String column = Sql.identifier(partitionColumn.name());
    PartitionKey partition = request.partition();
    String inside = partitionColumn.inside(partition.start(), partition.end());
    String measuredBytes = result.measuredBytes();
    String lengths = measuredBytes.isEmpty() ? "" : ", " + measuredBytes;

    return statements.transaction(
        () -> {
          for (String statement : clearing) {
            statements.execute(statement);
          }
          long inserted;
          long insidePartition;
          long measured;
          EngineUsage usage;
          if (existing.isEmpty()) {
            statements.execute("CREATE TABLE " + target + " AS " + request.selectSql());
            usage = statements.latestUsage();
            statements.execute(
                "COMMENT ON TABLE "
                    + target
                    + " IS "
                    + Sql.string(TableGenerations.comment(request.generation())));
            long[] counts =
                statements.longs(
                    "SELECT count(*), count(*) FILTER (WHERE "
                        + inside
                        + ")"
                        + lengths
                        + " FROM "
                        + target);
            inserted = counts[0];
            insidePartition = counts[1];
            measured = lengths.isEmpty() ? 0 : counts[2];
          } else {
            statements.execute("DELETE FROM " + target + " WHERE " + inside);
            // BY NAME: the columns match as a set; an older model may have ordered them otherwise.
            inserted =
                statements.update("INSERT INTO " + target + " BY NAME " + request.selectSql());
            usage = statements.latestUsage();
            long[] counts =
                statements.longs(
                    "SELECT count(*)" + lengths + " FROM " + target + " WHERE " + inside);
            insidePartition = counts[0];
            measured = lengths.isEmpty() ? 0 : counts[1];
          }
          if (insidePartition != inserted) {
            long nulls =
                statements
                    .longs("SELECT count(*) FROM " + target + " WHERE " + column + " IS NULL")[0];
            throw outsidePartition(partitionColumn, inserted - insidePartition, nulls);
          }
          return new WriteResult(
              inserted, result.estimateBytes(inserted, inserted, measured), usage);
        });
  }

  private TableColumns columnsOfTarget() throws SQLException {
    try {
      return new TableColumns(statements.tableColumns(target));
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Catalog Error")) {
        return new TableColumns(List.of());
      }
      throw e;
    }
  }

  private Column partitionColumn(TableColumns result) {
    String name = request.partitioning().column();
    Column column =
        result
            .find(name)
            .orElseThrow(
                () ->
                    new TidemarkException(
                        ErrorCode.QUERY,
                        "model "
                            + request.target()
                            + " returns no column "
                            + name
                            + ", its partition column (it returns "
                            + String.join(", ", result.names())
                            + ")"));
    if (!column.isTime()) {
      throw new TidemarkException(
          ErrorCode.QUERY,
          "partition column "
              + name
              + " of model "
              + request.target()
              + " is "
              + column.type()
              + "; it must be a DATE or TIMESTAMP");
    }
    return column;
  }

  private TidemarkException outsidePartition(Column column, long outside, long nulls) {
    PartitionKey partition = request.partition();
    // Rows of other partitions are never NULL, so every NULL found is one of the rows just written.
    long nullsWritten = Math.min(nulls, outside);
    return new TidemarkException(
        ErrorCode.QUERY,
        "model "
            + request.target()
            + " wrote "
            + outside
            + (outside == 1 ? " row" : " rows")
            + " outside partition "
            + partition
            + " (column "
            + column.name()
            + " must be in ["
            + bound(partition.start())
            + ", "
            + bound(partition.end())
            + ")"
            + (nullsWritten == 0 ? "" : "; " + nullsWritten + " of them NULL")
            + "); filter on {{ partition_start }} and {{ partition_end }}");
  }

  private static String bound(LocalDateTime time) {
    return time.toLocalTime().equals(LocalTime.MIDNIGHT)
        ? time.toLocalDate().toString()
        : time.toString().replace('T', ' ');
  }
}
