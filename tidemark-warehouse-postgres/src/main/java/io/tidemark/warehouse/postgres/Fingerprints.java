package io.tidemark.warehouse.postgres;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.warehouse.PartitionFingerprint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fingerprints the partitions of a table with one aggregate query, computed by PostgreSQL: per
 * partition the row count and the sum of a 64-bit hash of each row, as {@code numeric}, which
 * cannot overflow. Summed, because addition ignores the order of the rows yet counts a row present
 * twice twice.
 *
 * <p>A row's hash is {@code hashtextextended} of the column names and the row's text ({@code
 * row(...)::text}, columns ordered by name, which tells NULL from an empty string): renaming a
 * column is a change, reordering the table's columns is not.
 *
 * <p>Writes compute the same aggregate over the rows they write ({@link #contentHash}), so the hash
 * a write records equals the one this class finds while nobody changed the partition.
 */
final class Fingerprints {
  static final String EMPTY_HASH = "0";

  private final PostgresSession session;
  private final PostgresDialect dialect = PostgresDialect.INSTANCE;

  Fingerprints(PostgresSession session) {
    this.session = session;
  }

  /**
   * The aggregate giving the content hash, as text, of the rows it runs over, for a relation of
   * {@code columns} ({@code name type}, as {@link Writes#columnsOf} gives them).
   */
  static String contentHash(List<String> columns) {
    PostgresDialect dialect = PostgresDialect.INSTANCE;
    List<String> names = new ArrayList<>();
    for (String column : columns) {
      names.add(column.substring(0, column.indexOf(' ')));
    }
    names.sort(null);
    String rowText =
        dialect.string(String.join(",", names) + ":")
            + " || row("
            + String.join(", ", names.stream().map(dialect::identifier).toList())
            + ")::text";
    return "coalesce(sum(hashtextextended(" + rowText + ", 0)::numeric), 0)::text";
  }

  List<PartitionFingerprint> of(AssetName table, Partitioning partitioning, TimeRange range)
      throws SQLException {
    List<String> columns = Writes.columnsOf(session, table);
    if (columns.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.NOT_FOUND, "table " + table + " does not exist in the warehouse");
    }
    String aggregates = "count(*), " + contentHash(columns);
    String relation = dialect.relation(table);
    if (!partitioning.isPartitioned()) {
      try (Statement statement = session.statement();
          ResultSet result = statement.executeQuery("select " + aggregates + " from " + relation)) {
        result.next();
        return List.of(
            new PartitionFingerprint(PartitionKey.ALL, result.getLong(1), result.getString(2)));
      } finally {
        session.done();
      }
    }
    String column = partitioning.column();
    String type =
        columns.stream()
            .filter(c -> c.startsWith(column + " "))
            .map(c -> c.substring(column.length() + 1))
            .findFirst()
            .orElseThrow(
                () ->
                    new TidemarkException(
                        ErrorCode.INVALID_PROJECT,
                        "table " + table + " has no partition column " + column));
    if (!type.equals("date") && !type.startsWith("timestamp")) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          "partition column " + column + " of " + table + " is " + type + ", not a date or time");
    }
    Grain grain = partitioning.grain();
    List<PartitionKey> partitions = range.partitionsInside(grain);
    if (partitions.isEmpty()) {
      return List.of();
    }
    TimeRange span =
        new TimeRange(partitions.get(0).start(), partitions.get(partitions.size() - 1).end());
    String quoted = dialect.identifier(column);
    String start =
        "date_trunc('"
            + grain.name().toLowerCase(Locale.ROOT)
            + "', cast("
            + quoted
            + " as timestamp))";
    String sql =
        "select "
            + start
            + ", "
            + aggregates
            + " from "
            + relation
            + " where "
            + dialect.spanPredicate(column, span)
            + " group by 1";
    Map<LocalDateTime, PartitionFingerprint> found = new HashMap<>();
    try (Statement statement = session.statement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        LocalDateTime partitionStart = result.getTimestamp(1).toLocalDateTime();
        found.put(
            partitionStart,
            new PartitionFingerprint(
                PartitionKey.containing(grain, partitionStart),
                result.getLong(2),
                result.getString(3)));
      }
    } finally {
      session.done();
    }
    return PartitionFingerprint.inOrder(partitions, found, EMPTY_HASH);
  }
}
