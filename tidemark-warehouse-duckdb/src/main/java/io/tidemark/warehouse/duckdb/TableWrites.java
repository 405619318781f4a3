package io.tidemark.warehouse.duckdb;

import io.tidemark.core.asset.AssetName;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One write at a time per table, across all sessions of a warehouse. Two sessions that create,
 * replace or alter the same table at once conflict in DuckDB's catalog and one of them fails
 * ("Catalog write-write conflict"); in one process this happens when two runs meet on a table (a
 * server's scheduled fire and a backfill queued through its API). Writes to different tables still
 * run side by side. Shared by all sessions of the warehouse, as {@link SchemaRegistry} is.
 */
final class TableWrites {
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /** Runs {@code write} while no other session writes {@code table}. */
  <T> T locked(AssetName table, Supplier<T> write) {
    ReentrantLock lock =
        locks.computeIfAbsent(
            table.toString().toLowerCase(Locale.ROOT), key -> new ReentrantLock());
    lock.lock();
    try {
      return write.get();
    } finally {
      lock.unlock();
    }
  }
}
