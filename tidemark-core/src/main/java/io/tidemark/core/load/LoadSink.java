package io.tidemark.core.load;

import java.util.List;

/**
 * Receives what a loader reads, as it reads it: columns once, then rows, staged straight into the
 * warehouse so memory holds a batch, not the load.
 */
public interface LoadSink {
  /** Called once, before any row; a loader that finds no data may still call it. */
  void columns(List<LoadColumn> columns);

  /** One row, values in column order, of the Java types {@link LoadType} names. */
  void row(Object[] values);

  /**
   * A record that could not be read: kept in the source's quarantine table with where it was and
   * why, and counted in the load's result, never dropped silently.
   *
   * @param line the record's line (or record number) in {@code file}; 0 when unknown
   */
  void quarantine(String file, long line, String reason, String record);

  /** Something the user should know of this load: a new field, a changed type. */
  void note(String message);
}
