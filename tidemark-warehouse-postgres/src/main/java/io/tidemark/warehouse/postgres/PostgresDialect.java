package io.tidemark.warehouse.postgres;

import io.tidemark.core.warehouse.SqlDialect;

/**
 * PostgreSQL's SQL for the statements core writes: ISO quoting and typed literals as the standard
 * says; {@code text} as the text type; {@code date + integer} stays a date.
 */
public final class PostgresDialect implements SqlDialect {
  public static final PostgresDialect INSTANCE = new PostgresDialect();

  private PostgresDialect() {}

  @Override
  public String castToText(String expression) {
    return "cast(" + expression + " as text)";
  }
}
