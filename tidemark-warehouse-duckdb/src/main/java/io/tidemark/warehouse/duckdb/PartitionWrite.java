package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.EngineUsage;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces one partition of an incremental model, or a batch of adjacent ones, in one transaction:
 * delete the span's rows, insert the model's result, then check that every inserted row landed
 * inside the span. Any failure, or a row outside, rolls all of it back.
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

  /**
   * {@code clearing} drops a relation in the target's way (see {@link ModelWriter}). Returns one
   * result per partition written, in time order.
   */
  List<WriteResult> run(List<String> clearing) throws SQLException {
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
    String inside = partitionColumn.inside(request.partition().start(), request.last().end());
    String measuredBytes = result.measuredBytes();
    String lengths = measuredBytes.isEmpty() ? "" : ", " + measuredBytes;
    // Statistics come from one query over what was just written: for a batch, grouped by
    // partition, so a batch of any size costs one query.
    String measure =
        request.partitionCount() == 1
            ? "SELECT count(*)" + lengths + " FROM " + target + " WHERE " + inside
            : "SELECT "
                + partitionColumn.partitionStart(request.partitioning().grain())
                + ", count(*)"
                + lengths
                + " FROM "
                + target
                + " WHERE "
                + inside
                + " GROUP BY 1";

    return statements.transaction(
        () -> {
          for (String statement : clearing) {
            statements.execute(statement);
          }
          long inserted;
          EngineUsage usage;
          if (existing.isEmpty()) {
            // DuckDB reports the rows a CREATE TABLE … AS wrote, as it does for an INSERT.
            inserted = statements.update("CREATE TABLE " + target + " AS " + request.selectSql());
            usage = statements.latestUsage();
            statements.execute(
                "COMMENT ON TABLE "
                    + target
                    + " IS "
                    + Sql.string(TableGenerations.comment(request.generation())));
          } else {
            statements.execute("DELETE FROM " + target + " WHERE " + inside);
            // BY NAME: the columns match as a set; an older model may have ordered them otherwise.
            inserted =
                statements.update("INSERT INTO " + target + " BY NAME " + request.selectSql());
            usage = statements.latestUsage();
          }
          List<long[]> measured = measured(measure, !lengths.isEmpty());
          long insideSpan = measured.stream().mapToLong(counts -> counts[0]).sum();
          if (insideSpan != inserted) {
            long nulls =
                statements
                    .longs("SELECT count(*) FROM " + target + " WHERE " + column + " IS NULL")[0];
            throw outsidePartition(partitionColumn, inserted - insideSpan, nulls);
          }
          List<WriteResult> written = new ArrayList<>(measured.size());
          EngineUsage each = usage.share(Math.max(1, measured.size()));
          for (long[] counts : measured) {
            written.add(
                new WriteResult(
                    counts[0], result.estimateBytes(counts[0], counts[0], counts[1]), each));
          }
          return written;
        });
  }

  /**
   * Rows and measured bytes of each written partition, in time order, the empty ones included; for
   * one partition the query gives one row without a partition start.
   */
  private List<long[]> measured(String measure, boolean measuresBytes) throws SQLException {
    Grain grain = request.partitioning().grain();
    int count = request.partitionCount();
    if (count == 1) {
      long[] counts = statements.longs(measure);
      return List.<long[]>of(new long[] {counts[0], measuresBytes ? counts[1] : 0});
    }
    Map<LocalDateTime, long[]> byStart =
        statements.query(
            measure,
            rows -> {
              Map<LocalDateTime, long[]> found = new HashMap<>();
              while (rows.next()) {
                found.put(
                    rows.getObject(1, LocalDateTime.class),
                    new long[] {rows.getLong(2), measuresBytes ? rows.getLong(3) : 0});
              }
              return found;
            });
    List<long[]> measured = new ArrayList<>(count);
    for (PartitionKey partition : request.partitions()) {
      long[] counts = byStart.remove(partition.start());
      measured.add(counts != null ? counts : new long[] {0, 0});
    }
    if (!byStart.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INTERNAL,
          "measuring "
              + request.target()
              + " grouped rows under partitions outside the batch: "
              + byStart.keySet()
              + " ("
              + grain.label()
              + "s)");
    }
    return measured;
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
    PartitionKey last = request.last();
    String written =
        request.partitionCount() == 1
            ? "partition " + partition
            : "partitions " + partition + " to " + last;
    // Rows of other partitions are never NULL, so every NULL found is one of the rows just written.
    long nullsWritten = Math.min(nulls, outside);
    return new TidemarkException(
        ErrorCode.QUERY,
        "model "
            + request.target()
            + " wrote "
            + outside
            + (outside == 1 ? " row" : " rows")
            + " outside "
            + written
            + " (column "
            + column.name()
            + " must be in ["
            + bound(partition.start())
            + ", "
            + bound(last.end())
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
