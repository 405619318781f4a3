package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces one partition of an incremental model, inside a transaction the caller owns: stage the
 * result, check every row lies in the partition and the columns still match the table, then
 * delete the partition's rows and insert the staged ones. Any failure rolls all of it back.
 */
final class PartitionWrite {
  private final StatementRunner statements;
  private final WriteRequest request;
  private final String stage;
  private final String target;

  PartitionWrite(StatementRunner statements, WriteRequest request, String stageTable) {
    this.statements = requireNonNull(statements, "statements is null");
    this.request = requireNonNull(request, "request is null");
    this.stage = Sql.identifier(requireNonNull(stageTable, "stageTable is null"));
    this.target = Sql.relation(request.target());
  }

  WriteResult run() throws SQLException {
    statements.execute("CREATE OR REPLACE TEMP TABLE " + stage + " AS " + request.selectSql());
    // Creating the target up front (a no-op when it exists) lets one pragma read both shapes.
    statements.execute(
        "CREATE TABLE IF NOT EXISTS " + target + " AS SELECT * FROM " + stage + " LIMIT 0");
    List<List<Column>> shapes = stagedAndTargetColumns();
    TableColumns staged = new TableColumns(shapes.get(0));
    TableColumns existing = new TableColumns(shapes.get(1));

    Column partitionColumn = partitionColumn(staged);
    String column = Sql.identifier(partitionColumn.name());
    PartitionKey partition = request.partition();
    String start = Sql.timestamp(partition.start(), partitionColumn.hasTimeZone());
    String end = Sql.timestamp(partition.end(), partitionColumn.hasTimeZone());

    List<String> lengthSums = staged.lengthSums();
    long[] counts =
        statements.longs(
            "SELECT count(*), count(*) FILTER (WHERE "
                + column
                + " IS NULL), count(*) FILTER (WHERE "
                + column
                + " < "
                + start
                + " OR "
                + column
                + " >= "
                + end
                + ")"
                + (lengthSums.isEmpty()
                    ? ""
                    : ", " + String.join(" + ", ModelWriter.coalesced(lengthSums)))
                + " FROM "
                + stage);
    long rows = counts[0];
    if (counts[1] + counts[2] > 0) {
      throw outsidePartition(partitionColumn, counts[1], counts[2]);
    }
    List<String> differences = staged.differencesFrom(existing);
    if (!differences.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.WAREHOUSE,
          "model "
              + request.target()
              + " no longer matches its table: "
              + String.join("; ", differences)
              + ". Drop the table to rebuild every partition, or keep the model's columns");
    }
    statements.execute(
        "DELETE FROM " + target + " WHERE " + column + " >= " + start + " AND " + column + " < "
            + end);
    // BY NAME: the columns match as a set, and a table created by an older model may order them
    // differently.
    statements.execute("INSERT INTO " + target + " BY NAME SELECT * FROM " + stage);
    statements.execute("DROP TABLE " + stage);
    long measured = lengthSums.isEmpty() ? 0 : counts[3];
    return new WriteResult(rows, staged.estimateBytes(rows, rows, measured));
  }

  private List<List<Column>> stagedAndTargetColumns() throws SQLException {
    return statements.query(
        "SELECT true, name, type FROM pragma_table_info("
            + Sql.string("temp.main." + stage)
            + ") UNION ALL SELECT false, name, type FROM pragma_table_info("
            + Sql.string(target)
            + ")",
        result -> {
          List<Column> staged = new ArrayList<>();
          List<Column> existing = new ArrayList<>();
          while (result.next()) {
            Column column = new Column(result.getString(2), result.getString(3));
            (result.getBoolean(1) ? staged : existing).add(column);
          }
          return List.of(staged, existing);
        });
  }

  private Column partitionColumn(TableColumns staged) {
    String name = request.partitioning().column();
    Column column =
        staged
            .find(name)
            .orElseThrow(
                () ->
                    new TidemarkException(
                        ErrorCode.WAREHOUSE,
                        "model "
                            + request.target()
                            + " returns no column "
                            + name
                            + ", its partition column (it returns "
                            + String.join(", ", staged.names())
                            + ")"));
    if (!column.isTime()) {
      throw new TidemarkException(
          ErrorCode.WAREHOUSE,
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

  private TidemarkException outsidePartition(Column column, long nulls, long outside) {
    PartitionKey partition = request.partition();
    long total = nulls + outside;
    return new TidemarkException(
        ErrorCode.WAREHOUSE,
        "model "
            + request.target()
            + " wrote "
            + total
            + (total == 1 ? " row" : " rows")
            + " outside partition "
            + partition
            + " (column "
            + column.name()
            + " must be in ["
            + bound(partition.start())
            + ", "
            + bound(partition.end())
            + ")"
            + (nulls == 0 ? "" : "; " + nulls + " of them NULL")
            + "); filter on {{ partition_start }} and {{ partition_end }}");
  }

  private static String bound(LocalDateTime time) {
    return time.toLocalTime().equals(LocalTime.MIDNIGHT)
        ? time.toLocalDate().toString()
        : time.toString().replace('T', ' ');
  }
}
