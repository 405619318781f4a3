package io.tidemark.core.warehouse;

/**
 * The engine that stores tables and runs models: DuckDB embedded by default; PostgreSQL or Spark
 * when data outgrows one machine. Implementations are safe for use from several threads; each
 * thread opens its own {@link WarehouseSession}.
 */
public interface Warehouse extends SqlParser {
  /** A short name for messages ({@code duckdb}). */
  String name();

  /** Where the data lives, for messages: a file's absolute path, a JDBC URL without credentials. */
  String location();

  WarehouseSession openSession();

  @Override
  void close();
}
