package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that load the models keep their renders and parses in {@code .tidemark/project-cache/}
 * and answer the same through it as without it, with DuckDB's own parser.
 */
class ProjectCacheCommandTest {
  @TempDir Path dir;

  private Path cache() {
    return dir.resolve(".tidemark/project-cache/models.json");
  }

  @Test
  void validateAnswersTheSameFromTheCacheAsWithoutIt() {
    TestProject project = TestProject.standard(dir);
    Cli.Result first = project.cli("validate", "--no-color");
    assertThat(first.exitCode()).as(first.all()).isZero();
    assertThat(cache()).isRegularFile();

    Cli.Result cached = project.cli("validate", "--no-color");
    assertThat(cached.exitCode()).as(cached.all()).isZero();
    assertThat(cached.out()).isEqualTo(first.out());

    // A model broken after the cache was written: the cached load reports what a cold one does.
    project.write(
        "models/marts/daily_totals.sql",
        "select event_date, count(*) as events\nfrom {{ ref('stg_events') }}\ngroup event_date\n");
    Cli.Result broken = project.cli("validate", "--no-color");
    Cli.Result brokenCold = project.cli("validate", "--no-color", "--no-cache");
    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(broken.err()).contains("models/marts/daily_totals.sql:3: SQL error");
    assertThat(broken.err()).isEqualTo(brokenCold.err());
  }

  @Test
  void noCacheLeavesNoCache() {
    TestProject project = TestProject.standard(dir);
    Cli.Result validate = project.cli("validate", "--no-color", "--no-cache");
    assertThat(validate.exitCode()).as(validate.all()).isZero();
    assertThat(cache()).doesNotExist();
  }

  @Test
  void aCorruptCacheIsIgnoredAndWrittenAgain() throws IOException {
    TestProject project = TestProject.standard(dir);
    Cli.Result first = project.cli("validate", "--no-color");
    String written = Files.readString(cache());
    Files.writeString(cache(), written.substring(0, written.length() / 2));

    Cli.Result again = project.cli("validate", "--no-color");

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.out()).isEqualTo(first.out());
    assertThat(Files.readString(cache())).isEqualTo(written);
  }

  @Test
  void commandsThatNeedNoModelsNeitherLoadThemNorWriteTheCache() {
    TestProject project = TestProject.standard(dir);
    project.write("models/marts/daily_totals.sql", "select from where");

    Cli.Result runs = project.cli("runs");

    assertThat(runs.exitCode()).as(runs.all()).isZero();
    assertThat(cache()).doesNotExist();
  }
}
