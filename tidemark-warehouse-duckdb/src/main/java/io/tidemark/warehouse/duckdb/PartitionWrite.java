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
 *
 * <p>The query that measures the written partitions also computes their content hash ({@link
 * Fingerprints}), inside the transaction and over exactly the rows written: the scan that counts
 * them reads their columns once more, instead of {@code verify} having nothing to compare later.
 *
 * <p>A batch built partition by partition ({@link WriteRequest#partitionSelects}) inserts the union
 * of its partitions' selects, each rendered with its own bounds, so the result is exactly what the
 * partitions written one at a time would hold. Each select's rows are checked against its own
 * partition as they are inserted: a row that falls in another partition of the batch fails the
 * write as a row outside its partition fails a partition written alone.
 */
final class PartitionWrite {
  private final StatementRunner statements;
  private final WriteRequest request;
  private final String target;
  private final boolean hashes;

  PartitionWrite(StatementRunner statements, WriteRequest request, boolean hashes) {
    this.statements = requireNonNull(statements, "statements is null");
    this.request = requireNonNull(request, "request is null");
    this.target = Sql.relation(request.target());
    this.hashes = hashes;
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
    String select =
        request.partitionSelects().isEmpty() ? request.selectSql() : partitionWise(partitionColumn);
    String inside = partitionColumn.inside(request.partition().start(), request.last().end());
    String measuredBytes = result.measuredBytes();
    // The table's columns name the hash's columns, as they will when verify reads the table; a
    // table made by this write has the result's.
    String contentHash =
        hashes ? Fingerprints.contentHash(existing.isEmpty() ? result : existing) : "NULL";
    // Statistics come from one query over what was just written: for a batch, grouped by
    // partition, so a batch of any size costs one query.
    String measure =
        (request.partitionCount() == 1
                ? "SELECT NULL"
                : "SELECT " + partitionColumn.partitionStart(request.partitioning().grain()))
            + ", count(*), "
            + (measuredBytes.isEmpty() ? "0" : measuredBytes)
            + ", "
            + contentHash
            + " FROM "
            + target
            + " WHERE "
            + inside
            + (request.partitionCount() == 1 ? "" : " GROUP BY 1");

    return statements.transaction(
        () -> {
          for (String statement : clearing) {
            statements.execute(statement);
          }
          long inserted;
          EngineUsage usage;
          if (existing.isEmpty()) {
            // DuckDB reports the rows a CREATE TABLE … AS wrote, as it does for an INSERT.
            StatementRunner.Profiled<Long> created =
                statements.profiled(
                    () -> statements.update("CREATE TABLE " + target + " AS " + select));
            inserted = created.result();
            usage = created.usage();
            statements.execute(
                "COMMENT ON TABLE "
                    + target
                    + " IS "
                    + Sql.string(TableGenerations.comment(request.generation())));
          } else {
            statements.execute("DELETE FROM " + target + " WHERE " + inside);
            // BY NAME: the columns match as a set; an older model may have ordered them otherwise.
            StatementRunner.Profiled<Long> insert =
                statements.profiled(
                    () -> statements.update("INSERT INTO " + target + " BY NAME " + select));
            inserted = insert.result();
            usage = insert.usage();
          }
          List<Measured> measured = measured(measure);
          long insideSpan = measured.stream().mapToLong(Measured::rows).sum();
          if (insideSpan != inserted) {
            long nulls =
                statements
                    .longs("SELECT count(*) FROM " + target + " WHERE " + column + " IS NULL")[0];
            throw outsidePartition(partitionColumn, inserted - insideSpan, nulls);
          }
          List<WriteResult> written = new ArrayList<>(measured.size());
          EngineUsage each = usage.share(Math.max(1, measured.size()));
          for (Measured one : measured) {
            written.add(
                new WriteResult(
                    one.rows(),
                    result.estimateBytes(one.rows(), one.rows(), one.measuredBytes()),
                    each,
                    one.contentHash()));
          }
          return written;
        });
  }

  /**
   * The union of the batch's partition selects, each row's partition column checked against the
   * partition whose select returned it. The check is a projection over each select's result, so it
   * sees only the rows the select returns, after its own filters.
   */
  private String partitionWise(Column partitionColumn) {
    String column = Sql.identifier(partitionColumn.name());
    List<String> selects = request.partitionSelects();
    StringBuilder union = new StringBuilder();
    for (int i = 0; i < selects.size(); i++) {
      PartitionKey partition = request.partition().plus(i);
      String outside =
          "model "
              + request.target()
              + " wrote a row outside partition "
              + partition
              + " (column "
              + partitionColumn.name()
              + " must be in ["
              + bound(partition.start())
              + ", "
              + bound(partition.end())
              + ")); filter on {{ partition_start }} and {{ partition_end }}";
      union
          .append(i == 0 ? "" : "\nUNION ALL\n")
          .append("SELECT * REPLACE (CASE WHEN ")
          .append(partitionColumn.inside(partition.start(), partition.end()))
          .append(" THEN ")
          .append(column)
          .append(" ELSE error(")
          .append(Sql.string(outside))
          .append(") END AS ")
          .append(column)
          // On lines of their own: the select may end in a line comment.
          .append(") FROM (\n")
          .append(withoutFinalSemicolon(selects.get(i)))
          .append("\n)");
    }
    return union.toString();
  }

  /** A select as a subquery holds it: a semicolon that ends it would end the statement there. */
  private static String withoutFinalSemicolon(String select) {
    String stripped = select.strip();
    while (stripped.endsWith(";")) {
      stripped = stripped.substring(0, stripped.length() - 1).strip();
    }
    return stripped;
  }

  /** What the measuring query found in one written partition. */
  private record Measured(long rows, long measuredBytes, String contentHash) {}

  /**
   * Rows, measured bytes and content hash of each written partition, in time order, the empty ones
   * included; for one partition the query gives one row, whose partition start is NULL.
   */
  private List<Measured> measured(String measure) throws SQLException {
    Grain grain = request.partitioning().grain();
    int count = request.partitionCount();
    Map<LocalDateTime, Measured> byStart =
        statements.query(
            measure,
            rows -> {
              Map<LocalDateTime, Measured> found = new HashMap<>();
              while (rows.next()) {
                LocalDateTime start =
                    count == 1
                        ? request.partition().start()
                        : rows.getObject(1, LocalDateTime.class);
                found.put(
                    start,
                    new Measured(
                        rows.getLong(2),
                        rows.getLong(3),
                        hashes ? Fingerprints.hash(rows, 4) : ""));
              }
              return found;
            });
    List<Measured> measured = new ArrayList<>(count);
    for (PartitionKey partition : request.partitions()) {
      Measured found = byStart.remove(partition.start());
      measured.add(
          found != null ? found : new Measured(0, 0, hashes ? Fingerprints.EMPTY_HASH : ""));
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
