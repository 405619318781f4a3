package io.tidemark.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** Each test in a schema of its own on the local PostgreSQL, dropped afterwards. */
class PostgresSchedulerTest extends SchedulerContractTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private final String schema =
      "tm_sched_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

  @Override
  String stateUrl() {
    return SERVER + "&currentSchema=" + schema;
  }

  @AfterEach
  void dropTheSchema() throws Exception {
    closeEverything();
    try (Connection connection = DriverManager.getConnection(SERVER);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
