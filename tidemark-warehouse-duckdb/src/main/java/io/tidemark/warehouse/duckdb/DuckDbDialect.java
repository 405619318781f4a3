package io.tidemark.warehouse.duckdb;

import io.tidemark.core.warehouse.SqlDialect;

/**
 * DuckDB's SQL for the statements core writes: the standard spelling, which DuckDB follows (ISO
 * quoting, typed literals, {@code date + integer} staying a date, {@code varchar}).
 */
public final class DuckDbDialect implements SqlDialect {
  public static final DuckDbDialect INSTANCE = new DuckDbDialect();

  private DuckDbDialect() {}
}
