package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models read declared sources and models, templates come from the project, paths stay in it. */
class ConfinedModelsTest {
  @TempDir Path dir;
  @TempDir Path outside;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = TestProject.standard(dir).withEvents(2);
  }

  private Cli.Result validate() {
    return project.cli("validate");
  }

  @Test
  void fileReadingTableFunctionsAreRefusedByName() throws Exception {
    Files.writeString(outside.resolve("secret.txt"), "s3cr3t");
    for (String from :
        new String[] {
          "read_text('" + outside.resolve("secret.txt") + "')",
          "read_csv('/etc/passwd')",
          "glob('/root/*')",
          "read_parquet(['a.parquet', '/etc/b.parquet'])"
        }) {
      project.write("models/marts/all_time.sql", "select 1 as x,\n  t.*\nfrom " + from + " t\n");
      Cli.Result result = validate();
      String function = from.substring(0, from.indexOf('('));
      assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
      assertThat(result.err())
          .contains("models/marts/all_time.sql:3: " + function + "() reads files")
          .contains("file_access:")
          .doesNotContain("Exception");
    }
  }

  @Test
  void theWarehouseItselfReadsNoFilesWhenNoDirectoryIsAllowed() throws Exception {
    Files.writeString(outside.resolve("secret.txt"), "s3cr3t");
    assertThat(project.cli("run").exitCode()).isZero();

    for (String query :
        new String[] {
          "select content from read_text('" + outside.resolve("secret.txt") + "')",
          "select * from '" + outside.resolve("secret.txt") + "'",
          "attach '" + outside.resolve("other.duckdb") + "' as other"
        }) {
      Cli.Result result = project.cli("sql", query);
      assertThat(result.exitCode()).as(query + "\n" + result.all()).isNotZero();
      assertThat(result.all()).doesNotContain("s3cr3t").doesNotContain("Exception");
    }
    Cli.Result read =
        project.cli(
            "sql", "select content from read_text('" + outside.resolve("secret.txt") + "')");
    assertThat(read.err()).contains("file_access:");
    assertThat(outside.resolve("other.duckdb")).doesNotExist();
    // The warehouse's own tables are untouched by the refusals.
    assertThat(project.cli("sql", "select count(*) from marts.daily_totals").exitCode()).isZero();
  }

  @Test
  void otherTableFunctionsThatReachOutsideAreRefused() {
    project.write("models/marts/all_time.sql", "select * from query('select 42 as x')\n");
    Cli.Result result = validate();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("table function query() is not allowed in models");
  }

  @Test
  void quotedFilePathInFromIsRefused() {
    project.write("models/marts/all_time.sql", "select * from '/etc/hostname'\n");
    Cli.Result result = validate();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("reads the file '/etc/hostname' directly");
  }

  @Test
  void generatorsStayAllowed() {
    project.write(
        "models/marts/all_time.sql",
        "select r.range as n, count(*) over () as days\n"
            + "from range(3) r, {{ ref('daily_totals') }}\n");
    Cli.Result result = validate();
    assertThat(result.exitCode()).as(result.all()).isZero();
  }

  @Test
  void readsUnderAnAllowedDirectoryRunAndChangingTheFileMakesTheModelStale() throws Exception {
    project.write("reference/rates.csv", "currency,rate\nEUR,1.1\nUSD,1.0\n");
    String config = Files.readString(dir.resolve("tidemark.yml"));
    // The example of docs/projects.md, as written there.
    String page = Files.readString(Path.of("../docs/projects.md"));
    String yaml = block(page, "```yaml\nfile_access:");
    String sql = block(page, "```sql\n-- models/marts/all_time.sql");
    project.write("tidemark.yml", config + yaml);
    project.write("models/marts/all_time.sql", sql);
    Cli.Result run = project.run("2024-01-01", "2024-01-02", "-s", "all_time");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(project.count("select count(*) from marts.all_time")).isEqualTo(2);

    Cli.Result unchanged = project.cli("plan", "-s", "all_time", "--end", "2024-01-02");
    assertThat(unchanged.out()).contains("Nothing to do");

    project.write("reference/rates.csv", "currency,rate\nEUR,1.1\nUSD,1.0\nGBP,1.3\n");
    Cli.Result changed = project.cli("plan", "-s", "all_time", "--end", "2024-01-02");
    assertThat(changed.out()).as(changed.all()).contains("marts.all_time");
    assertThat(changed.out()).doesNotContain("Nothing to do");

    project.write("models/marts/all_time.sql", "select * from read_csv('" + outside + "/x.csv')\n");
    Cli.Result outsideRead = validate();
    assertThat(outsideRead.exitCode()).isEqualTo(2);
    assertThat(outsideRead.err()).contains("outside the directories file_access: allows");
  }

  /** The code block of {@code page} that starts with {@code opening}, without its fences. */
  private static String block(String page, String opening) {
    int start = page.indexOf(opening);
    assertThat(start).as(opening).isNotNegative();
    int body = page.indexOf('\n', start) + 1;
    return page.substring(body, page.indexOf("```", body));
  }

  @Test
  void includesComeFromTheProjectOnly() {
    project.write("macros/amount.sql", "sum(amount)");
    project.write(
        "models/marts/all_time.sql",
        "select count(*) as days, {% include 'macros/amount.sql' %} as amount\n"
            + "from {{ ref('daily_totals') }}\n");
    Cli.Result fromProject = validate();
    assertThat(fromProject.exitCode()).as(fromProject.all()).isZero();

    project.write(
        "models/marts/all_time.sql",
        "select '{% include \"META-INF/MANIFEST.MF\" %}' as leaked\n"
            + "from {{ ref('daily_totals') }}\n");
    Cli.Result classpath = validate();
    assertThat(classpath.exitCode()).as(classpath.all()).isEqualTo(2);
    assertThat(classpath.err()).contains("models/marts/all_time.sql:1").contains("META-INF");

    project.write(
        "models/marts/all_time.sql",
        "select '{% include \"../../../../etc/hostname\" %}' as leaked\n"
            + "from {{ ref('daily_totals') }}\n");
    Cli.Result escape = validate();
    assertThat(escape.exitCode()).isEqualTo(2);
    assertThat(escape.err()).contains("outside the project");
  }

  @Test
  void relativePathsInTidemarkYmlStayInsideTheProject() throws Exception {
    String config = Files.readString(dir.resolve("tidemark.yml"));
    project.write(
        "tidemark.yml", config.replace("path: warehouse.duckdb", "path: ../../etc/x.duckdb"));
    Cli.Result warehouse = validate();
    assertThat(warehouse.exitCode()).isEqualTo(2);
    assertThat(warehouse.err())
        .contains("tidemark.yml:5: '../../etc/x.duckdb' points outside the project");

    project.write(
        "tidemark.yml",
        config.replace("jdbc:sqlite:.tidemark/state.db", "jdbc:sqlite:../state.db"));
    Cli.Result state = validate();
    assertThat(state.exitCode()).isEqualTo(2);
    assertThat(state.err()).contains("'../state.db' points outside the project");

    Path elsewhere = outside.resolve("w.duckdb");
    project.write("tidemark.yml", config.replace("path: warehouse.duckdb", "path: " + elsewhere));
    Cli.Result absolute = validate();
    assertThat(absolute.exitCode()).as(absolute.all()).isZero();
  }
}
