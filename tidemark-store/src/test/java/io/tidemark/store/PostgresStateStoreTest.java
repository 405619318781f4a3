package io.tidemark.store;

import static io.tidemark.store.StateFixtures.newRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.StateStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs against the local PostgreSQL, in a schema of its own that it drops afterwards. */
class PostgresStateStoreTest extends StateStoreContractTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final String SCHEMA =
      "tm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private static final String URL =
      SERVER + "&currentSchema=" + SCHEMA + "&ApplicationName=" + SCHEMA;

  @Override
  public StateStore openStore() {
    return StateStores.open(URL, Path.of("unused"));
  }

  @Override
  public Connection connectDirectly() throws SQLException {
    return DriverManager.getConnection(URL);
  }

  // The schema is shared by the tests of this class: each starts from empty tables.
  @BeforeEach
  void emptyTheTables() throws SQLException {
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM check_latest");
      statement.execute("DELETE FROM queued_runs");
      statement.execute("DELETE FROM check_results");
      statement.execute("DELETE FROM repair_runs");
      statement.execute("DELETE FROM repair_tasks");
      statement.execute("DELETE FROM repairs");
      statement.execute("DELETE FROM incidents");
      statement.execute("DELETE FROM task_attempts");
      statement.execute("DELETE FROM runs");
      statement.execute("DELETE FROM partition_states");
      statement.execute("DELETE FROM row_count_chunks");
      statement.execute("DELETE FROM schedule_fires");
      statement.execute("DELETE FROM schedule_cursors");
      statement.execute("UPDATE scheduler_lease SET holder = '', acquired_at = 0, expires_at = 0");
    }
  }

  @AfterAll
  static void dropTheSchema() throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @Test
  void aMigratedSchemaIsCurrentWithoutFlyway() {
    openStore().close();
    assertThat(SchemaHistory.current(URL, Migrations.expected())).isTrue();
    assertThat(
            SchemaHistory.current(
                SERVER + "&currentSchema=" + SCHEMA + "_none", Migrations.expected()))
        .isFalse();
  }

  @Test
  void theStoreLivesInTheSchemaOfTheUrl() throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER);
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
      query.setString(1, SCHEMA);
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      assertThat(tables)
          .contains(
              "runs",
              "task_attempts",
              "partition_states",
              "incidents",
              "repairs",
              "repair_tasks",
              "repair_runs",
              "check_results",
              "check_latest",
              "schedule_fires",
              "scheduler_lease",
              "flyway_schema_history");
    }
  }

  @Test
  void theStoreOutlivesALostConnection() throws SQLException {
    Run before = store.createRun(newRun());
    try (Connection connection = DriverManager.getConnection(SERVER);
        PreparedStatement terminate =
            connection.prepareStatement(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                    + " WHERE application_name = ? AND pid <> pg_backend_pid()")) {
      terminate.setString(1, SCHEMA);
      // Connections of earlier stores in this class may still be on their way out: all go.
      List<Boolean> terminated = new ArrayList<>();
      try (ResultSet rows = terminate.executeQuery()) {
        while (rows.next()) {
          terminated.add(rows.getBoolean(1));
        }
      }
      assertThat(terminated).isNotEmpty().containsOnly(true);
    }

    // The pool tests a connection that was idle a while before lending it; one lent at once
    // fails its transaction, which then evicts it. Either way the next call works.
    try {
      assertThat(store.findRun(before.id())).contains(before);
    } catch (TidemarkException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.STATE_STORE);
    }
    assertThat(store.findRun(before.id())).contains(before);
  }
}
