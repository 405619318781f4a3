package io.tidemark.store;

import io.tidemark.store.StoreConnection.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The counters of V14's {@code store_generations}: a write transaction of a table adds one to the
 * table's counter, a reader reads it before what it derives from the table. On PostgreSQL the
 * addition locks the counter's row until the transaction ends, so it comes last in the transaction,
 * after the table's writes.
 */
final class Generations {
  static final String PARTITION_STATES = "partition_states";
  static final String CHECK_LATEST = "check_latest";

  private static final String BUMP =
      "UPDATE store_generations SET generation = generation + 1 WHERE name = ?";
  private static final String READ = "SELECT generation FROM store_generations WHERE name = ?";

  private Generations() {}

  static void bump(Statements statements, String table) throws SQLException {
    PreparedStatement update = statements.prepare(BUMP);
    update.setString(1, table);
    update.executeUpdate();
  }

  static long read(Statements statements, String table) throws SQLException {
    PreparedStatement query = statements.prepare(READ);
    query.setString(1, table);
    try (ResultSet rows = query.executeQuery()) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }
}
