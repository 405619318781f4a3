package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same run, with run and partition state in PostgreSQL (127.0.0.1:5432) instead of SQLite. */
class PostgresStateEndToEndTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @TempDir Path dir;
  private final String schema =
      "tm_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @AfterEach
  void dropSchema() throws Exception {
    try (Connection connection = DriverManager.getConnection(SERVER);
        Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + schema + " cascade");
    }
  }

  @Test
  void runAndStatusWorkWithPostgresState() {
    TestProject project = TestProject.standard(dir).withEvents(5);
    String url = SERVER + "&currentSchema=" + schema;
    Cli.Result run = project.run("2024-01-01", "2024-01-07", "--state-url", url);
    assertThat(run.exitCode()).as(run.all()).isZero();
    Cli.Result again = project.run("2024-01-01", "2024-01-07", "--state-url", url);
    assertThat(again.out()).contains("Nothing to do");
    Cli.Result runs = project.cli("runs", "--state-url", url, "--format", "json");
    assertThat(runs.out()).contains("\"status\" : \"succeeded\"");
    // the SQLite file of tidemark.yml was never used
    assertThat(project.root.resolve(".tidemark/state.db")).doesNotExist();
  }

  @Test
  void incidentsRepairsAndChecksWorkWithPostgresState() {
    TestProject project = TestProject.standard(dir).withEvents(5);
    String url = SERVER + "&currentSchema=" + schema;
    assertThat(project.run("2024-01-01", "2024-01-10", "--state-url", url).exitCode()).isZero();

    Cli.Result invalidate =
        project.cli(
            "invalidate",
            "stg_events",
            "--start",
            "2024-01-05",
            "--end",
            "2024-01-05",
            "--reason",
            "late file",
            "--state-url",
            url);
    assertThat(invalidate.exitCode()).as(invalidate.all()).isZero();
    Cli.Result repair = project.cli("repair", "--stale", "--state-url", url, "--no-color");
    assertThat(repair.exitCode()).as(repair.all()).isZero();
    assertThat(repair.out()).contains("Repair 1 finished");
    assertThat(project.cli("status", "--stale", "--state-url", url).out())
        .contains("Nothing is stale");
    assertThat(project.cli("check", "--state-url", url).exitCode()).isZero();
    assertThat(project.cli("repairs", "--state-url", url).out()).contains("succeeded");
    assertThat(project.root.resolve(".tidemark/state.db")).doesNotExist();
  }
}
