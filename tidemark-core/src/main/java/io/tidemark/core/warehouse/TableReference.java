package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

/** A table named in a query; {@code schema} is empty when the query did not qualify it. */
public record TableReference(String schema, String table) {
  public TableReference {
    requireNonNull(schema, "schema is null");
    requireNonNull(table, "table is null");
  }

  @Override
  public String toString() {
    return schema.isEmpty() ? table : schema + "." + table;
  }
}
