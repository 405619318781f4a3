package io.tidemark.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.cli.Main;
import io.tidemark.cli.SparkTestWarehouse;
import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Style;
import io.tidemark.examples.GenerationReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscriptions example, unchanged but for its {@code warehouse:} section, on Spark (local mode
 * in the test JVM): its data generated through Spark's own loading path, every model built, the
 * reconciliation mart holding exactly the planted disagreements, and the demo's incident (a partial
 * load, impact, repair) ending with every table equal to the clean build. Three days keep the run
 * to a few dozen Spark tasks.
 */
class ExampleOnSparkTest {
  private static final List<String> SCHEMAS =
      List.of("raw", "wiki", "staging", "reference", "marts", "main");
  // As the demo does: the data ends yesterday, so the story's nightly run has nothing else to do.
  private static final LocalDate LAST = LocalDate.now(ProjectCommand.CLOCK).minusDays(1);
  private static final LocalDate FIRST = LAST.minusDays(2);
  private static final double SCALE = 0.03;

  @TempDir Path directory;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void theExampleBuildsOnSparkAndTheIncidentIsRepairedBackToTheCleanBuild() throws Exception {
    ExampleSetup.create("subscriptions", directory, FIRST);
    Path config = directory.resolve("tidemark.yml");
    String text = Files.readString(config);
    String onSpark =
        text.replaceFirst(
            "(?m)^warehouse:\\n  type: duckdb\\n  path: .*\\n",
            SparkTestWarehouse.warehouseSection());
    assertThat(onSpark).isNotEqualTo(text);
    Files.writeString(config, onSpark);
    dropSchemas();

    GenerationReport report;
    try (Workspace workspace = workspace()) {
      report =
          ExampleSetup.generate(workspace, FIRST, LAST, SCALE, writer(out), Style.detect(true));
    }
    assertThat(rows("select count(*) from raw.user_actions"))
        .containsExactly(
            Long.toString(report.days().stream().mapToLong(d -> d.userActions()).sum()));
    assertThat(cli("validate")).as(all()).isZero();
    assertThat(cli("run", "--start", FIRST.toString(), "--end", LAST.toString()))
        .as(all())
        .isZero();

    Set<String> planted =
        report.inconsistencies().stream()
            .map(p -> p.day() + "," + p.userId() + "," + p.kind().label())
            .collect(Collectors.toSet());
    assertThat(planted).isNotEmpty();
    assertThat(
            new HashSet<>(rows("select event_date, user_id, kind from marts.inconsistent_users")))
        .isEqualTo(planted);
    assertThat(rows("select kpi_date from marts.kpi_daily where active_subscribers >= 0"))
        .hasSize(3);
    assertThat(rows("select report_id from marts.outage_impact where duration_minutes > 0"))
        .isNotEmpty();

    StringWriter story = new StringWriter();
    boolean repaired =
        new IncidentStory(
                directory,
                writer(story),
                writer(err),
                Style.detect(true),
                ExampleSetup.generator(SCALE, FIRST))
            .tell(FIRST.plusDays(1), FIRST.plusDays(1));

    assertThat(repaired).as(story + "\n" + err).isTrue();
    assertThat(story.toString())
        .contains("marts.kpi_daily")
        .contains("Repair 1 finished")
        .contains("✓ Every model matches what it held before the incident")
        .doesNotContain("✗");
  }

  /** The warehouse is the test JVM's one Spark warehouse: its schemas are this test's alone. */
  @AfterEach
  void dropSchemas() {
    if (Files.exists(directory.resolve("tidemark.yml"))) {
      for (String schema : SCHEMAS) {
        assertThat(cli("sql", "drop schema if exists " + schema + " cascade")).as(all()).isZero();
      }
    }
  }

  private Workspace workspace() {
    return new Workspace(directory, null, ProjectCommand.CLOCK, writer(err));
  }

  private int cli(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "-p";
    all[args.length + 1] = directory.toString();
    return Main.execute(all, writer(out), writer(err));
  }

  private String all() {
    return out + "\n" + err;
  }

  private static PrintWriter writer(StringWriter target) {
    return new PrintWriter(target, true);
  }

  /** The rows of a query, run by `tidemark sql`, as CSV lines without the header. */
  private List<String> rows(String query) {
    StringWriter csv = new StringWriter();
    assertThat(
            Main.execute(
                new String[] {"sql", query, "--format", "csv", "-p", directory.toString()},
                writer(csv),
                writer(err)))
        .as(csv + "\n" + err)
        .isZero();
    List<String> lines = new ArrayList<>(csv.toString().lines().toList());
    lines.remove(0);
    return lines;
  }
}
