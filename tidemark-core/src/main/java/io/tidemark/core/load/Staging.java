package io.tidemark.core.load;

import java.util.List;

/**
 * Rows on their way into the warehouse, in a table of the session's own that the write then reads
 * from: a warehouse session gives one through {@link
 * io.tidemark.core.warehouse.WarehouseSession#unwrap}{@code (Staging.class)}. Staging lets a load
 * use the same atomic partition write as a model, with the engine's bulk path (DuckDB's appender)
 * instead of row-by-row inserts.
 */
public interface Staging {
  /** A new empty staged table with these columns, private to the session. */
  StagedRows stage(List<LoadColumn> columns);

  /** A staged table being filled. */
  interface StagedRows extends AutoCloseable {
    /** The relation to select the staged rows from. */
    String relation();

    /** Appends a row, values in column order, of the Java types {@link LoadType} names. */
    void append(Object[] values);

    /** Makes every appended row visible to queries of the session. */
    void finish();

    /** Drops the staged table. */
    @Override
    void close();
  }
}
