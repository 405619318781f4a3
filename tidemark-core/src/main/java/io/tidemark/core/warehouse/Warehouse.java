package io.tidemark.core.warehouse;

/**
 * The engine that stores tables and runs models: DuckDB embedded by default; PostgreSQL or Spark
 * when data outgrows one machine. Implementations are safe for use from several threads; each
 * thread opens its own {@link WarehouseSession}.
 */
public interface Warehouse extends AutoCloseable {
  /** A short name for messages ({@code duckdb}). */
  String name();

  /**
   * Parses a {@code SELECT} with the engine's own grammar, without running it, and reports the
   * tables it reads. Used to cross-check a model's declared dependencies.
   */
  ParsedQuery parse(String selectSql);

  WarehouseSession openSession();

  @Override
  void close();
}
