package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary secret is planted as a database password, then every command that touches it runs, a
 * failing connection included; the canary must appear in no output and no file: not the state
 * store, not the warehouse, not the secrets file.
 */
class SecretCanaryTest {
  private static final String CANARY = "CANARY-7d1e0c5b-secret";
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @TempDir Path dir;
  private final String schema =
      "tm_canary_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  @BeforeEach
  void createServiceTable() throws Exception {
    sql(
        "create schema " + schema,
        "create table " + schema + ".accounts (id bigint, name text)",
        "insert into " + schema + ".accounts values (1, 'a'), (2, 'b')");
  }

  @AfterEach
  void dropSchema() throws Exception {
    sql("drop schema if exists " + schema + " cascade");
  }

  private static void sql(String... statements) throws Exception {
    try (Connection connection = DriverManager.getConnection(SERVER);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  @Test
  void theCanaryAppearsInNoOutputAndNoFile() throws Exception {
    TestProject project = TestProject.standard(dir).withEvents(1);
    String sources =
        """
        sources:
          - schema: raw
            tables:
              - name: events
                partitioning: {grain: day, column: event_time}
              - name: accounts
                load:
                  from: jdbc
                  url: URL
                  user: postgres
                  password: ${secret:CANARY_PASSWORD}
                  table: SCHEMA.accounts
        """
            .replace("SCHEMA", schema);
    project.write(
        "models/sources.yml", sources.replace("URL", "jdbc:postgresql://127.0.0.1:5432/test"));
    List<Cli.Result> results = new ArrayList<>();
    results.add(
        SecretsCommandTest.withInput(
            CANARY + "\n", "secrets", "set", "CANARY_PASSWORD", "-p", dir.toString()));
    results.add(project.cli("secrets", "list"));
    results.add(project.cli("secrets", "list", "--format", "json"));
    results.add(project.cli("secrets", "rotate", "CANARY_PASSWORD", "--keep-value"));
    results.add(project.cli("validate"));
    results.add(project.cli("plan"));
    Cli.Result load = project.cli("load", "--format", "json");
    results.add(load);
    assertThat(load.exitCode()).as(load.all()).isZero();
    // The same secret sent to a server that refuses (a wrong database) and to none at all.
    project.write(
        "models/sources.yml",
        sources.replace("URL", "jdbc:postgresql://127.0.0.1:5432/no_such_database_tm"));
    Cli.Result refused = project.cli("load", "--force");
    results.add(refused);
    assertThat(refused.exitCode()).isEqualTo(1);
    project.write(
        "models/sources.yml",
        sources.replace(
            "URL", "jdbc:postgresql://127.0.0.1:9/test?password=${secret:CANARY_PASSWORD}"));
    Cli.Result unreachable = project.cli("load", "--force", "--retries", "0");
    results.add(unreachable);
    assertThat(unreachable.exitCode()).isEqualTo(1);
    results.add(project.cli("run", "--start", "2024-01-01", "--end", "2024-01-02"));
    results.add(project.cli("runs"));
    results.add(project.cli("runs", "show", "2"));
    results.add(project.cli("runs", "show", "3", "--format", "json"));
    results.add(project.cli("status"));
    results.add(project.cli("status", "--format", "json"));
    results.add(project.cli("sql", "select * from raw.accounts"));

    for (Cli.Result result : results) {
      assertThat(result.all()).doesNotContain(CANARY);
    }
    assertThat(refused.all()).contains("source raw.accounts");
    assertThat(unreachable.all()).contains("source raw.accounts").contains("cannot connect");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).anyMatch(f -> f.endsWith("warehouse.duckdb"));
    assertThat(files).anyMatch(f -> f.endsWith("state.db"));
    for (Path file : files) {
      String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(bytes).as(file.toString()).doesNotContain(CANARY);
    }
  }
}
