package io.tidemark.warehouse.duckdb;

import java.sql.SQLException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schemas known to exist in one warehouse, so a write issues {@code CREATE SCHEMA} only the
 * first time it meets a schema rather than on every task. Shared by all sessions of the warehouse.
 */
final class SchemaRegistry {
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Object creation = new Object();

  SchemaRegistry(Collection<String> existing) {
    existing.forEach(schema -> known.add(key(schema)));
  }

  void ensure(String schema, StatementRunner statements) throws SQLException {
    String key = key(schema);
    if (known.contains(key)) {
      return;
    }
    // Serialised: two sessions creating the same schema at once would conflict in DuckDB's catalog.
    synchronized (creation) {
      if (!known.contains(key)) {
        statements.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.identifier(schema));
        known.add(key);
      }
    }
  }

  /** For a schema dropped behind the registry's back. */
  void forget(String schema) {
    known.remove(key(schema));
  }

  private static String key(String schema) {
    return schema.toLowerCase(Locale.ROOT);
  }
}
