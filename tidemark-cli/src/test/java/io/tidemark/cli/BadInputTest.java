package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear message naming the file and line, exit code 2, and changes nothing. */
class BadInputTest {
  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void setUp() throws Exception {
    project = TestProject.standard(dir).withEvents(5);
    Cli.Result first = project.run("2024-01-01", "2024-01-03");
    assertThat(first.exitCode()).as(first.all()).isZero();
  }

  private Cli.Result runAgain() {
    return project.run("2024-01-01", "2024-01-05");
  }

  /** Reads the SQLite state directly: an invalid project cannot be loaded to ask it. */
  private void assertNothingChanged() throws SQLException {
    String url = "jdbc:sqlite:" + project.root.resolve(".tidemark/state.db");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet runs = statement.executeQuery("select count(*) from runs")) {
      runs.next();
      assertThat(runs.getLong(1)).isEqualTo(1);
    }
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(3);
  }

  @Test
  void yamlSyntaxErrorNamesFileAndLine() throws Exception {
    project.write("models/marts/marts.yml", "models:\n  - name: daily_totals\n    tags: [a, b\n");
    Cli.Result result = runAgain();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("models/marts/marts.yml:").contains("invalid YAML");
    assertNothingChanged();
  }

  @Test
  void unknownRefNamesFileAndLine() throws Exception {
    project.write("models/marts/all_time.sql", "select 1 as x\nfrom {{ ref('no_such_model') }}\n");
    Cli.Result result = runAgain();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("models/marts/all_time.sql:2: unknown model 'no_such_model'");
    assertNothingChanged();
  }

  @Test
  void dependencyCycleIsPrinted() throws Exception {
    project.write("models/marts/all_time.sql", "select * from {{ ref('loop_b') }}\n");
    project.write("models/marts/loop_b.sql", "select * from {{ ref('all_time') }}\n");
    Cli.Result result = runAgain();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("dependency cycle")
        .satisfiesAnyOf(
            e -> assertThat(e).contains("marts.all_time -> marts.loop_b -> marts.all_time"),
            e -> assertThat(e).contains("marts.loop_b -> marts.all_time -> marts.loop_b"));
    assertNothingChanged();
  }

  @Test
  void undeclaredTableIsAnError() throws Exception {
    project.write("models/marts/all_time.sql", "select count(*) as n\nfrom secret.payments\n");
    Cli.Result result = runAgain();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("models/marts/all_time.sql:2: reads undeclared table secret.payments");
    assertNothingChanged();
  }

  @Test
  void sqlSyntaxErrorNamesLine() throws Exception {
    project.write(
        "models/marts/all_time.sql",
        "select count(*) as n\nfrom {{ ref('daily_totals') }}\nwhere = 1\n");
    Cli.Result result = runAgain();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("models/marts/all_time.sql:3: SQL error");
    assertNothingChanged();
  }

  @Test
  void invertedDateRangeIsRejected() throws Exception {
    Cli.Result result = project.run("2024-01-05", "2024-01-01");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("invalid date range: --start 2024-01-05 is after --end 2024-01-01");
    assertNothingChanged();
  }

  @Test
  void malformedDateIsRejected() throws Exception {
    Cli.Result result = project.cli("run", "--start", "2024-13-01");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--start").contains("2024-13-01");
    assertNothingChanged();
  }

  @Test
  void missingProjectIsExplained() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Cli.Result result = Cli.run("validate", "-p", empty.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no tidemark.yml").contains("tidemark init");
  }

  @Test
  void unknownSelectionIsRejected() throws Exception {
    Cli.Result result = project.cli("run", "--select", "nope");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("unknown asset 'nope'");
    assertNothingChanged();
  }

  @Test
  void failingSqlAtRunTimeExitsOneAndKeepsOldData() throws Exception {
    project.write(
        "models/marts/daily_totals.sql",
        "select event_date, count(*) as events, sum(amount) as amount\n"
            + "from {{ ref('stg_events') }}\nwhere event_date = date '{{ partition_start }}'\n"
            + "  and error('boom') is null\ngroup by event_date\n");
    Cli.Result result = project.run("2024-01-01", "2024-01-03", "--select", "daily_totals");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("boom");
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(3);
  }

  @Test
  void errorsTheSqlDecidesAreNotRetried() throws Exception {
    project.write(
        "models/marts/daily_totals.sql",
        "select event_date, count(*) as events, sum(no_such_column) as amount\n"
            + "from {{ ref('stg_events') }}\nwhere event_date = date '{{ partition_start }}'\n"
            + "group by event_date\n");
    Cli.Result result =
        project.run(
            "2024-01-01", "2024-01-01", "--select", "daily_totals", "--retries", "3", "--force");
    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.out()).contains("no_such_column").contains("after 1 attempt");
    assertThat(result.out()).doesNotContain("retry");
  }

  @Test
  void unknownRunIdIsNotFound() throws Exception {
    Cli.Result result = project.cli("runs", "show", "99");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no run with id 99");
  }

  @Test
  void duplicateYamlKeysAreRefusedWithBothLines() throws Exception {
    project.write(
        "models/marts/marts.yml",
        "models:\n  - name: daily_totals\n    tags: [a]\n    tags: [b]\n");
    Cli.Result result = runAgain();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("models/marts/marts.yml:4: duplicate key 'tags' (first at line 3)");
    assertNothingChanged();
  }

  @Test
  void bytesThatAreNotUtf8NameTheFileAndLine() throws Exception {
    byte[] latin1 = "name: test_project\nstart: 2024-01-01\n# caf\u00e9\n".getBytes("ISO-8859-1");
    Files.write(project.root.resolve("tidemark.yml"), latin1);
    Cli.Result config = runAgain();
    assertThat(config.exitCode()).isEqualTo(2);
    assertThat(config.err())
        .contains("tidemark.yml:3: not valid UTF-8 (byte 0xE9 at column 6)")
        .doesNotContain("Exception");
  }

  @Test
  void sqlFileThatIsNotUtf8NamesTheFileAndLine() throws Exception {
    Files.write(
        project.root.resolve("models/marts/all_time.sql"),
        "select 1 as x\n-- \u00e9t\u00e9\n".getBytes("ISO-8859-1"));
    Cli.Result result = runAgain();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("models/marts/all_time.sql:2: not valid UTF-8");
    assertNothingChanged();
  }

  @Test
  void historyAndSqlStillWorkWhileAModelIsBroken() throws Exception {
    project.write("models/marts/all_time.sql", "select count(*) as n\nfrom {{ ref('nope') }}\n");
    Cli.Result runs = project.cli("runs");
    assertThat(runs.exitCode()).as(runs.all()).isZero();
    assertThat(runs.out()).contains("#1");
    Cli.Result sql = project.cli("sql", "select count(*) as n from marts.daily_totals");
    assertThat(sql.exitCode()).as(sql.all()).isZero();
    assertThat(project.cli("incidents").exitCode()).isZero();
    assertThat(project.cli("repairs").exitCode()).isZero();
    Cli.Result status = project.cli("status");
    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.err()).contains("models/marts/all_time.sql:2");
    assertNothingChanged();
  }

  @Test
  void validateBindsModelsAgainstTheWarehouse() throws Exception {
    project.write(
        "models/marts/daily_totals.sql",
        "select event_date, count(*) as events, sum(amount) as amount, 1 as added\n"
            + "from {{ ref('stg_events') }}\nwhere event_date = date '{{ partition_start }}'\n"
            + "group by event_date\n");
    project.write(
        "models/marts/all_time.sql",
        "select no_such_function(events) as days from {{ ref('daily_totals') }}\n");
    Cli.Result result = project.cli("validate");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("the warehouse refuses 2 models")
        .contains("models/marts/daily_totals.sql: marts.daily_totals: its columns no longer match")
        .contains("added added INTEGER")
        .contains("models/marts/all_time.sql: marts.all_time:")
        .contains("no_such_function");
    assertNothingChanged();
  }

  @Test
  void aPlanAboveConfirmAboveNeedsYesWhenNotOnATerminal() throws Exception {
    String config = Files.readString(project.root.resolve("tidemark.yml"));
    project.write(
        "tidemark.yml", config.replace("  retries: 0\n", "  retries: 0\n  confirm_above: 3\n"));

    Cli.Result refused = runAgain();

    assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
    assertThat(refused.err())
        .contains("tasks over")
        .contains("planned, more than run.confirm_above (3)")
        .contains("pass --yes");
    assertNothingChanged();

    Cli.Result confirmed = project.run("2024-01-01", "2024-01-05", "--yes");
    assertThat(confirmed.exitCode()).as(confirmed.all()).isZero();
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(5);
  }

  @Test
  void validateChecksTheServersTokens() throws Exception {
    String config = Files.readString(project.root.resolve("tidemark.yml"));
    project.write(
        "tidemark.yml",
        config
            + "server:\n  tokens:\n    - name: ci\n      role: admin\n      sha256: "
            + "0".repeat(64)
            + "\n");

    Cli.Result result = project.cli("validate");

    assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
    assertThat(result.err())
        .contains("tidemark.yml:")
        .contains("unknown role 'admin'")
        .doesNotContain("Exception");
    assertNothingChanged();
  }

  @Test
  void confirmAboveMustBePositive() throws Exception {
    String config = Files.readString(project.root.resolve("tidemark.yml"));
    project.write(
        "tidemark.yml", config.replace("  retries: 0\n", "  retries: 0\n  confirm_above: 0\n"));

    Cli.Result result = runAgain();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("tidemark.yml:").contains("confirm_above must be at least 1");
    assertNothingChanged();
  }
}
