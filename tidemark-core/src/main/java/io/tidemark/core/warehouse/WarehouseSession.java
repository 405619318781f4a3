package io.tidemark.core.warehouse;

/**
 * One connection to the warehouse, used by one thread at a time. Failures surface as {@link
 * io.tidemark.core.TidemarkException} with code {@code WAREHOUSE} and the engine's message.
 */
public interface WarehouseSession extends AutoCloseable {
  /** Writes a model's result atomically (see {@link WriteRequest}). */
  WriteResult write(WriteRequest request);

  /** Runs a query and returns at most {@code maxRows} rows. */
  QueryResult query(String sql, int maxRows);

  /** Runs a statement that returns no rows. */
  void execute(String sql);

  /** Whether the relation exists in the warehouse. */
  boolean exists(io.tidemark.core.asset.AssetName relation);

  /** Aborts the statement in flight, from any thread; the write it belonged to rolls back. */
  void cancel();

  /**
   * The underlying connection, for bulk loaders that need the engine's own API (for DuckDB, a
   * {@code java.sql.Connection} that supports its appender).
   */
  <T> T unwrap(Class<T> type);

  @Override
  void close();
}
