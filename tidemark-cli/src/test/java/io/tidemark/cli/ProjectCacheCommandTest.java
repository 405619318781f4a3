package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.core.warehouse.WarehouseProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
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
    // Without the whole project's snapshot, which would answer before the models' cache is read.
    Files.delete(dir.resolve(".tidemark/project-cache/project.bin"));

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

  @Test
  void theWholeProjectIsTakenFromTheCacheOnlyWhileTheFilesAModelReadsAreTheSame()
      throws IOException {
    TestProject project = TestProject.standard(dir);
    project.write("tidemark.yml", project.read("tidemark.yml") + "\nfile_access:\n  - reference\n");
    project.write("reference/rates_1.csv", "rate\n1\n");
    project.write(
        "models/marts/rates.sql", "select * from read_csv('reference/rates_*.csv', header=true)");
    settle();
    AssetName rates = AssetName.of("marts", "rates");
    String first = cached().codeVersion(rates);
    assertThat(dir.resolve(".tidemark/project-cache/project.bin")).isRegularFile();
    assertThat(cached().codeVersion(rates)).isEqualTo(first);

    // A new file the model's glob matches: its code version moves, with the cache as without it.
    project.write("reference/rates_2.csv", "rate\n2\n");
    String withSecond = cached().codeVersion(rates);
    assertThat(withSecond).isNotEqualTo(first).isEqualTo(cold().codeVersion(rates));

    // An edited file the model reads, its size kept.
    settle();
    cached();
    project.write("reference/rates_2.csv", "rate\n3\n");
    assertThat(cached().codeVersion(rates))
        .isNotEqualTo(withSecond)
        .isEqualTo(cold().codeVersion(rates));
  }

  private Project cached() {
    return new ProjectLoader(WarehouseProviders.installed(), name -> null).cached().load(dir);
  }

  private Project cold() {
    return new ProjectLoader(WarehouseProviders.installed(), name -> null).load(dir);
  }

  /** Sets every file's time an hour back, so that the cache trusts sizes and times. */
  private void settle() throws IOException {
    FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file :
          walk.filter(Files::isRegularFile)
              .filter(f -> !dir.relativize(f).startsWith(".tidemark"))
              .toList()) {
        Files.setLastModifiedTime(file, hourAgo);
      }
    }
  }
}
