package io.tidemark.warehouse.spark;

import io.tidemark.core.warehouse.SqlDialect;

/**
 * Spark SQL's spelling: identifiers in backticks (a double-quoted text is a string in Spark),
 * string literals with backslash escapes (Spark joins {@code 'it''s'} into {@code its}), {@code
 * string} as the text type, {@code date_add} for days.
 */
public final class SparkDialect implements SqlDialect {
  public static final SparkDialect INSTANCE = new SparkDialect();

  private SparkDialect() {}

  @Override
  public String identifier(String name) {
    return '`' + name.replace("`", "``") + '`';
  }

  @Override
  public String string(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Override
  public String castToText(String expression) {
    return "cast(" + expression + " as string)";
  }

  @Override
  public String addDays(String dateExpression, int days) {
    return "date_add(" + dateExpression + ", " + days + ")";
  }
}
