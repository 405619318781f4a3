package io.tidemark.core.warehouse;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.TimeRange;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One connection to the warehouse, used by one thread at a time. Failures surface as {@link
 * io.tidemark.core.TidemarkException} with code {@code WAREHOUSE} and the engine's message.
 */
public interface WarehouseSession extends AutoCloseable {
  /** The SQL the engine understands, for statements Tidemark writes itself. */
  SqlDialect dialect();

  /** Writes a model's result atomically (see {@link WriteRequest}). */
  WriteResult write(WriteRequest request);

  /**
   * Whether {@link #writeBatch} writes several partitions with one statement; when not, a caller
   * writes them one by one.
   */
  default boolean writesBatches() {
    return false;
  }

  /**
   * Writes {@link WriteRequest#partitionCount} adjacent partitions of an incremental model from one
   * statement, in one transaction: each partition's rows are replaced by the rows of the result
   * that fall inside it, and a result holding a row outside the span of all of them fails the whole
   * write, leaving every partition as it was. Returns one result per partition, in time order, each
   * measured from the write (rows and bytes of that partition alone), in one query for the batch.
   */
  default List<WriteResult> writeBatch(WriteRequest request) {
    if (request.partitionCount() == 1) {
      return List.of(write(request));
    }
    throw new TidemarkException(
        ErrorCode.INTERNAL, "this warehouse writes partitions one by one, not in batches");
  }

  /**
   * Runs a statement and returns at most {@code maxRows} of its rows; a statement that returns none
   * (DELETE, CREATE …) gives one column {@code changed_rows} with the rows it changed. By default
   * the rows {@link #stream} hands over, collected.
   */
  default QueryResult query(String sql, int maxRows) {
    Objects.requireNonNull(sql, "sql is null");
    List<String> columns = new ArrayList<>();
    List<List<Object>> rows = new ArrayList<>();
    boolean truncated =
        stream(
            sql,
            maxRows,
            new RowSink() {
              @Override
              public void columns(List<String> names) {
                columns.addAll(names);
              }

              @Override
              public void row(List<Object> values) {
                rows.add(values);
              }
            });
    return new QueryResult(columns, Collections.unmodifiableList(rows), truncated);
  }

  /**
   * Binds the request's {@code SELECT} against the warehouse's catalog without running it or
   * writing: the problem the write would hit for certain (an unknown function or column, a type
   * error, an incremental model whose columns no longer match its table), or empty.
   */
  Optional<String> bind(WriteRequest request);

  /**
   * Runs a statement and streams its rows into {@code sink}, at most {@code maxRows} of them;
   * returns whether more rows existed. A statement that returns none gives one column {@code
   * changed_rows}, as {@link #query} does.
   */
  boolean stream(String sql, long maxRows, RowSink sink);

  /** Runs a statement that returns no rows. */
  void execute(String sql);

  /**
   * Every table and view the warehouse holds, from its catalog in one query, each with the {@link
   * WriteRequest#generation} of the write that created it, or 0 when Tidemark did not record one (a
   * table created outside Tidemark, or a table or view rewritten whole by each write).
   */
  Map<AssetName, Long> tableGenerations();

  /**
   * {@link #tableGenerations()} of {@code tables} alone, those that exist: what a plan of a few
   * assets needs in a warehouse of thousands of tables.
   */
  default Map<AssetName, Long> tableGenerations(Set<AssetName> tables) {
    Map<AssetName, Long> all = new HashMap<>(tableGenerations());
    all.keySet().retainAll(tables);
    return all;
  }

  /** Whether the relation exists in the warehouse. */
  boolean exists(AssetName relation);

  /**
   * Fingerprints of the partitions of {@code table} lying inside {@code range} ({@link
   * TimeRange#partitionsInside}{@code (grain)}), one per partition in time order, empty partitions
   * included (0 rows, a fixed hash); for an unpartitioned table ({@link Partitioning#NONE}) one
   * fingerprint under {@link io.tidemark.core.partition.PartitionKey#ALL} covering the whole table.
   * One aggregate query in the warehouse.
   *
   * <p>The hash does not depend on the order of the rows, and changes when a row is added, removed,
   * duplicated or has any value changed. Rows whose partition column is NULL or outside the range
   * are left out. A missing table fails with {@code NOT_FOUND}; a missing partition column, or one
   * that is not a date or timestamp, with {@code INVALID_PROJECT}.
   */
  List<PartitionFingerprint> fingerprint(
      AssetName table, Partitioning partitioning, TimeRange range);

  /** Aborts the statement in flight, from any thread; the write it belonged to rolls back. */
  void cancel();

  /**
   * The session's JDBC connection, for bulk loaders that write through the engine's own API (for
   * DuckDB a {@code DuckDBConnection} with its appender); empty for engines reached otherwise.
   */
  Optional<Connection> jdbcConnection();

  /** Read-only roles for BI tools; empty for engines without users (an embedded file). */
  default Optional<ReaderRoles> readerRoles() {
    return Optional.empty();
  }

  @Override
  void close();
}
