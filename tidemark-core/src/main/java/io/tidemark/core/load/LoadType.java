package io.tidemark.core.load;

/**
 * The warehouse types loaded columns take. Loaders map their sources' types onto these (documented
 * per source in docs/sources.md); values arrive as the Java type named here, or null.
 */
public enum LoadType {
  /** {@link Boolean}. */
  BOOLEAN("BOOLEAN"),
  /** {@link Long} (any integer width). */
  BIGINT("BIGINT"),
  /** {@link Double}. */
  DOUBLE("DOUBLE"),
  /** {@link java.math.BigDecimal}, with the column's precision and scale. */
  DECIMAL("DECIMAL"),
  /** {@link String}. */
  VARCHAR("VARCHAR"),
  /** {@link java.time.LocalDate}. */
  DATE("DATE"),
  /** {@link java.time.LocalDateTime}, in UTC when the source knew a time zone. */
  TIMESTAMP("TIMESTAMP"),
  /** {@code byte[]}. */
  BLOB("BLOB");

  private final String sql;

  LoadType(String sql) {
    this.sql = sql;
  }

  /** The SQL name of the type, without precision. */
  public String sql() {
    return sql;
  }
}
