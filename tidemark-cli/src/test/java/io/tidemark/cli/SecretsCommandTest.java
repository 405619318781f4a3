package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsCommandTest {
  private static final String VALUE = "pg-Pass-c4n4ry-91";

  @TempDir Path dir;

  /** Runs the CLI with {@code input} on standard input. */
  static Cli.Result withInput(String input, String... args) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return Cli.run(args);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void setListRotateAndDeleteNeverPrintTheValue() throws Exception {
    TestProject.standard(dir);
    String project = dir.toString();

    Cli.Result set = withInput(VALUE + "\n", "secrets", "set", "db_password", "-p", project);
    assertThat(set.exitCode()).as(set.all()).isZero();
    assertThat(set.out()).contains("stored secret db_password");
    Cli.Result list = Cli.run("secrets", "list", "-p", project, "--format", "json");
    assertThat(list.out()).contains("\"name\" : \"db_password\"");
    Cli.Result rotate = withInput("other\n", "secrets", "rotate", "db_password", "-p", project);
    assertThat(rotate.exitCode()).as(rotate.all()).isZero();
    Cli.Result keep = Cli.run("secrets", "rotate", "db_password", "--keep-value", "-p", project);
    assertThat(keep.out()).contains("same value, new data key");
    Cli.Result delete = Cli.run("secrets", "delete", "db_password", "-p", project);
    assertThat(delete.out()).contains("deleted secret db_password");
    Cli.Result again = Cli.run("secrets", "delete", "db_password", "-p", project);
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("secret 'db_password' is not set");

    for (Cli.Result result : new Cli.Result[] {set, list, rotate, keep, delete, again}) {
      assertThat(result.all()).doesNotContain(VALUE).doesNotContain("other");
    }
    assertThat(Files.readString(dir.resolve(".tidemark/master.key"))).doesNotContain(VALUE);
  }

  @Test
  void anEmptyValueOrABadNameIsRefused() {
    TestProject.standard(dir);
    Cli.Result empty = withInput("", "secrets", "set", "x", "-p", dir.toString());
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("the value of x is empty");
    Cli.Result bad = withInput("v", "secrets", "set", "a b", "-p", dir.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("not a valid secret name");
  }

  @Test
  void aSecretInTheStateUrlIsRevealedOnlyToTheDriver() throws Exception {
    String schema = "tm_secret_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    TestProject project = TestProject.standard(dir).withEvents(2);
    String yml = Files.readString(dir.resolve("tidemark.yml"));
    project.write(
        "tidemark.yml",
        yml.replace(
            "url: jdbc:sqlite:.tidemark/state.db",
            "url: jdbc:postgresql://127.0.0.1:5432/test?user=postgres&currentSchema="
                + schema
                + "&password=${secret:STATE_PASSWORD}"));
    try {
      Cli.Result missing = Cli.run("runs", "-p", dir.toString());
      assertThat(missing.exitCode()).isEqualTo(2);
      assertThat(missing.err()).contains("secret 'STATE_PASSWORD' is not set");

      withInput(VALUE, "secrets", "set", "STATE_PASSWORD", "-p", dir.toString());
      Cli.Result run = project.run("2024-01-01", "2024-01-02");
      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.all()).doesNotContain(VALUE);
    } finally {
      try (Connection connection =
              DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
          Statement statement = connection.createStatement()) {
        statement.execute("drop schema if exists " + schema + " cascade");
      }
    }
  }
}
