package io.tidemark.core.warehouse;

import java.util.Optional;

/**
 * The engine that stores tables and runs models: DuckDB embedded by default; PostgreSQL or Spark
 * when data outgrows one machine. Implementations are safe for use from several threads; each
 * thread opens its own {@link WarehouseSession}.
 */
public interface Warehouse extends SqlParser {
  /** A short name for messages ({@code duckdb}). */
  String name();

  /** The SQL the engine understands, for statements Tidemark writes itself. */
  SqlDialect dialect();

  /** Where the data lives, for messages: a file's absolute path, a JDBC URL without credentials. */
  String location();

  WarehouseSession openSession();

  /**
   * Writes out what the engine keeps in memory or in a log (DuckDB's checkpoint), so closing has
   * nothing left to do and the file holds what the data needs, and reports the storage after it.
   * Empty for an engine with nothing to checkpoint, or when other work holds the engine and the
   * checkpoint is left to the engine's own schedule.
   */
  default Optional<WarehouseStorage> checkpoint() {
    return Optional.empty();
  }

  /** Whether {@link #checkpoint()} has work to do here: an embedded engine's file does. */
  default boolean checkpoints() {
    return false;
  }

  @Override
  void close();
}
