package io.tidemark.core.warehouse;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The SQL text an engine understands for what Tidemark writes into statements of its own (checks,
 * reconciliation tables, the rows of a partition): quoting, literals, casts, date arithmetic. Owned
 * by the engine ({@link WarehouseSession#dialect()}); core builds no engine's SQL by hand.
 *
 * <p>The defaults are the SQL that DuckDB and PostgreSQL share (ISO quoting and typed literals); an
 * engine overrides what it spells differently.
 */
public interface SqlDialect {
  /** The SQL the defaults write. */
  SqlDialect STANDARD = new SqlDialect() {};

  /** An identifier, always quoted, so names that are keywords ({@code order}) work too. */
  default String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** A table or view, schema-qualified. */
  default String relation(AssetName name) {
    return identifier(name.schema()) + "." + identifier(name.table());
  }

  default String string(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** A timestamp without time zone. */
  default String timestamp(LocalDateTime time) {
    return "timestamp '" + DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").format(time) + "'";
  }

  default String date(LocalDate date) {
    return "date '" + date + "'";
  }

  /** An expression's value as text, for comparing it with text literals. */
  default String castToText(String expression) {
    return "cast(" + expression + " as varchar)";
  }

  /** A date expression moved by whole days (negative: back), still a date. */
  default String addDays(String dateExpression, int days) {
    return "(" + dateExpression + (days < 0 ? " - " : " + ") + Math.abs(days) + ")";
  }

  /**
   * The rows of a partition: {@code column} (a date or timestamp) inside the partition's half-open
   * span; {@code true} for {@link PartitionKey#ALL}.
   */
  default String partitionPredicate(String column, PartitionKey partition) {
    if (partition.grain() == Grain.ALL) {
      return "true";
    }
    return spanPredicate(column, new TimeRange(partition.start(), partition.end()));
  }

  /** The rows whose {@code column} (a date or timestamp) lies inside the half-open span. */
  default String spanPredicate(String column, TimeRange span) {
    String quoted = identifier(column);
    return quoted
        + " >= "
        + timestamp(span.start())
        + " and "
        + quoted
        + " < "
        + timestamp(span.end());
  }

  default String createSchemaIfNotExists(String schema) {
    return "create schema if not exists " + identifier(schema);
  }
}
