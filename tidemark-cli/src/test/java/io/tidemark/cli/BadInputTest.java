package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear message naming the file and line, exit code 2, and changes nothing. */
class BadInputTest {
  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = TestProject.standard(dir).withEvents(5);
    Cli.Result first = Cli.run("run", "-p", project.path(), "--start", "2024-01-01", "--end", "2024-01-03");
    assertThat(first.exitCode()).as(first.all()).isZero();
  }

  private Cli.Result runAgain() {
    return Cli.run("run", "-p", project.path(), "--start", "2024-01-01", "--end", "2024-01-05");
  }

  private void assertNothingChanged() {
    Cli.Result runs = Cli.run("runs", "-p", project.path(), "--format", "json");
    assertThat(runs.out()).contains("\"id\" : 1").doesNotContain("\"id\" : 2");
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(3);
  }

  @Test
  void yamlSyntaxErrorNamesFileAndLine() {
    project.write("models/marts/marts.yml", "models:\n  - name: daily_totals\n    tags: [a, b\n");
    Cli.Result result = runAgain();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("models/marts/marts.yml:").contains("invalid YAML");
    assertNothingChanged();
  }

  @Test
  void unknownRefNamesFileAndLine() {
    project.write("models/marts/all_time.sql", "select 1 as x\nfrom {{ ref('no_such_model') }}\n");
    Cli.Result result = runAgain();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("models/marts/all_time.sql:2: unknown model 'no_such_model'");
    assertNothingChanged();
  }

  @Test
  void dependencyCycleIsPrinted() {
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
  void undeclaredTableIsAnError() {
    project.write("models/marts/all_time.sql", "select count(*) as n\nfrom secret.payments\n");
    Cli.Result result = runAgain();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("models/marts/all_time.sql:2: reads undeclared table secret.payments");
    assertNothingChanged();
  }

  @Test
  void sqlSyntaxErrorNamesLine() {
    project.write("models/marts/all_time.sql", "select count(*) as n\nfrom {{ ref('daily_totals') }}\nwhere = 1\n");
    Cli.Result result = runAgain();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("models/marts/all_time.sql:3: SQL error");
    assertNothingChanged();
  }

  @Test
  void invertedDateRangeIsRejected() {
    Cli.Result result = Cli.run("run", "-p", project.path(), "--start", "2024-01-05", "--end", "2024-01-01");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("invalid date range: --start 2024-01-05 is after --end 2024-01-01");
    assertNothingChanged();
  }

  @Test
  void malformedDateIsRejected() {
    Cli.Result result = Cli.run("run", "-p", project.path(), "--start", "2024-13-01");
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
  void unknownSelectionIsRejected() {
    Cli.Result result = Cli.run("run", "-p", project.path(), "--select", "nope");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("unknown asset 'nope'");
    assertNothingChanged();
  }

  @Test
  void failingSqlAtRunTimeExitsOneAndKeepsOldData() {
    project.write("models/marts/daily_totals.sql",
        "select event_date, count(*) as events, sum(amount) as amount, error('boom') as broken\n"
            + "from {{ ref('stg_events') }}\nwhere event_date = date '{{ partition_start }}'\ngroup by event_date\n");
    Cli.Result result = Cli.run("run", "-p", project.path(), "--start", "2024-01-01", "--end", "2024-01-03", "--select", "daily_totals");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("boom");
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(3);
  }

  @Test
  void unknownRunIdIsNotFound() {
    Cli.Result result = Cli.run("runs", "show", "99", "-p", project.path());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no run with id 99");
  }
}
