package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tidemark sql} exports every row; a limit, when asked for, is stated. */
class SqlExportTest {
  @TempDir static Path dir;
  static TestProject project;

  @BeforeAll
  static void setUp() {
    project = TestProject.standard(dir);
  }

  @Test
  void csvPrintsEveryRow() {
    Cli.Result result = project.cli("sql", "--format", "csv", "select range as n from range(1500)");
    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.out().split("\n")).hasSize(1501);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void jsonPrintsEveryRowAsOneArray() throws Exception {
    Cli.Result result =
        project.cli("sql", "--format", "json", "select range as n, 'a,b' as t from range(2500)");
    assertThat(result.exitCode()).as(result.all()).isZero();
    JsonNode rows = new ObjectMapper().readTree(result.out());
    assertThat(rows.size()).isEqualTo(2500);
    assertThat(rows.get(2499).get("n").asLong()).isEqualTo(2499);
    assertThat(rows.get(0).get("t").asText()).isEqualTo("a,b");
  }

  @Test
  void emptyResultIsAnEmptyArray() throws Exception {
    Cli.Result result = project.cli("sql", "--format", "json", "select 1 as n where false");
    assertThat(new ObjectMapper().readTree(result.out()).size()).isZero();
  }

  @Test
  void anAskedLimitIsStatedOnStderr() {
    Cli.Result result =
        project.cli("sql", "--format", "csv", "--limit", "10", "select range from range(1500)");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out().split("\n")).hasSize(11);
    assertThat(result.err()).contains("output stopped at 10 rows (--limit 10)");
  }

  @Test
  void textShowsTheFirstThousandAndSaysSo() {
    Cli.Result result = project.cli("sql", "select range from range(1500)");
    assertThat(result.out()).contains("(1,000 rows, more not shown; raise --limit)");
  }

  @Test
  void badLimitAndEmptyStatementAreUsageErrors() {
    assertThat(project.cli("sql", "--limit", "-1", "select 1").exitCode()).isEqualTo(2);
    Cli.Result empty = project.cli("sql", " ");
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("the SQL statement is empty");
  }
}
