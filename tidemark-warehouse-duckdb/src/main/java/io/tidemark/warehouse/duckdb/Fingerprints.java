package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.warehouse.PartitionFingerprint;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Fingerprints the partitions of a table with one aggregate query: per partition, the row count and
 * the sum of a hash of each row, all computed by DuckDB.
 *
 * <p>Summed, because addition ignores the order of the rows yet, unlike XOR, counts a row present
 * twice twice; as a {@code HUGEINT}, which cannot overflow, since each row adds less than 2^64.
 *
 * <p>A row's hash is {@code hash(hash('names', c1, ..., cn))}: DuckDB's hash of every column, NULLs
 * included, in the order of the column names, hashed again.
 *
 * <ul>
 *   <li>The names come first because DuckDB hashes 0, and a row of zeros, to 0: such a row would
 *       add nothing to the sum. They also make renaming a column a change.
 *   <li>Ordering the columns by name makes their order in the table not matter, as for writes.
 *   <li>The outer hash: DuckDB's hash of several values ends by XOR-ing in the last one, and in a
 *       sum of XORs, swapping the last column's values between two rows cancels out about once in
 *       10^8. Hashing again spreads each row over all 64 bits.
 * </ul>
 *
 * <p>Writes compute the same aggregate over the rows they just wrote ({@link #contentHash}), so the
 * hash a write records equals the one this class finds while nobody changed the partition.
 */
final class Fingerprints {
  /**
   * {@code -Dtidemark.write.content_hash=false} makes the sessions opened after it is set record no
   * content hash with their writes (their partitions are then verified by row count alone): for
   * measuring what the hash costs a write.
   */
  static final String AT_WRITE_SWITCH = "tidemark.write.content_hash";

  /** Whether sessions opened now compute a content hash with each write. */
  static boolean atWrite() {
    return !"false".equalsIgnoreCase(System.getProperty(AT_WRITE_SWITCH, "true"));
  }

  /** The hash of an empty partition: the sum of no row hashes. */
  static final String EMPTY_HASH = hex(BigInteger.ZERO);

  private final StatementRunner statements;

  Fingerprints(StatementRunner statements) {
    this.statements = requireNonNull(statements, "statements is null");
  }

  List<PartitionFingerprint> of(AssetName table, Partitioning partitioning, TimeRange range)
      throws SQLException {
    TableColumns columns = columnsOf(table);
    String aggregates = "count(*), " + contentHash(columns);
    String relation = Sql.relation(table);
    if (!partitioning.isPartitioned()) {
      return statements.query(
          "SELECT " + aggregates + " FROM " + relation,
          result -> {
            result.next();
            return List.of(
                new PartitionFingerprint(PartitionKey.ALL, result.getLong(1), hash(result, 2)));
          });
    }
    Column column = partitionColumn(table, columns, partitioning.column());
    Grain grain = partitioning.grain();
    List<PartitionKey> partitions = range.partitionsInside(grain);
    if (partitions.isEmpty()) {
      return List.of();
    }
    // The partitions are whole and adjacent, so one span selects the rows of all of them.
    String sql =
        "SELECT "
            + column.partitionStart(grain)
            + ", "
            + aggregates
            + " FROM "
            + relation
            + " WHERE "
            + column.inside(partitions.get(0).start(), partitions.get(partitions.size() - 1).end())
            // By position: a column of the table named like an alias would win over the alias.
            + " GROUP BY 1";
    Map<LocalDateTime, PartitionFingerprint> found =
        statements.query(
            sql,
            result -> {
              Map<LocalDateTime, PartitionFingerprint> byStart = new HashMap<>();
              while (result.next()) {
                LocalDateTime start = result.getObject(1, LocalDateTime.class);
                PartitionKey key = PartitionKey.of(grain, start);
                byStart.put(
                    start, new PartitionFingerprint(key, result.getLong(2), hash(result, 3)));
              }
              return byStart;
            });
    List<PartitionFingerprint> fingerprints = new ArrayList<>(partitions.size());
    for (PartitionKey partition : partitions) {
      PartitionFingerprint fingerprint = found.remove(partition.start());
      fingerprints.add(
          fingerprint != null ? fingerprint : new PartitionFingerprint(partition, 0, EMPTY_HASH));
    }
    if (!found.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INTERNAL,
          "fingerprinting "
              + table
              + " grouped rows under partitions outside "
              + range
              + ": "
              + found.keySet());
    }
    return fingerprints;
  }

  private TableColumns columnsOf(AssetName table) throws SQLException {
    try {
      return new TableColumns(statements.tableColumns(Sql.relation(table)));
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Catalog Error")) {
        throw new TidemarkException(
            ErrorCode.NOT_FOUND, "table " + table + " does not exist in the warehouse", e);
      }
      throw e;
    }
  }

  private static Column partitionColumn(AssetName table, TableColumns columns, String name) {
    Column column =
        columns
            .find(name)
            .orElseThrow(
                () ->
                    new TidemarkException(
                        ErrorCode.INVALID_PROJECT,
                        "table "
                            + table
                            + " has no column "
                            + name
                            + ", its partition column (it has "
                            + String.join(", ", columns.names())
                            + ")"));
    if (!column.isTime()) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          "partition column "
              + column.name()
              + " of table "
              + table
              + " is "
              + column.type()
              + "; it must be a DATE or TIMESTAMP");
    }
    return column;
  }

  /** The aggregate giving the content hash of the rows it runs over, as a {@code HUGEINT}. */
  static String contentHash(TableColumns columns) {
    return "coalesce(sum(" + rowHash(columns) + "), 0)";
  }

  /** The text of a content hash read from column {@code column} of {@link #contentHash}. */
  static String hash(ResultSet result, int column) throws SQLException {
    return hex(new BigInteger(result.getString(column)));
  }

  /** The hash of one row, as a {@code UBIGINT}; see the class comment. */
  private static String rowHash(TableColumns columns) {
    List<Column> sorted =
        columns.columns().stream().sorted(Comparator.comparing(Column::key)).toList();
    // By key, as DuckDB resolves names regardless of case.
    String names =
        sorted.stream()
            .map(column -> Sql.identifier(column.key()))
            .collect(Collectors.joining(","));
    String values =
        sorted.stream()
            .map(column -> Sql.identifier(column.name()))
            .collect(Collectors.joining(", "));
    return "hash(hash(" + Sql.string(names) + ", " + values + "))";
  }

  /** Fixed width, so the text of every hash has the same length. */
  private static String hex(BigInteger sum) {
    return String.format("%032x", sum);
  }
}
