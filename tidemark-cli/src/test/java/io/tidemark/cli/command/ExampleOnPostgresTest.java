package io.tidemark.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.cli.Main;
import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Style;
import io.tidemark.examples.GenerationReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscriptions example, unchanged but for its {@code warehouse:} section, on PostgreSQL
 * (127.0.0.1:5432, a database of its own): every model builds, the reconciliation mart finds
 * exactly the planted disagreements, and the demo's incident (a partial load, impact, repair) ends
 * with every table equal to the clean build.
 */
class ExampleOnPostgresTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  // As the demo does: the data ends yesterday, so the story's nightly run has nothing else to do.
  private static final LocalDate LAST = LocalDate.now(ProjectCommand.CLOCK).minusDays(1);
  private static final LocalDate FIRST = LAST.minusDays(15);
  private static final double SCALE = 0.03;

  @TempDir Path directory;
  private String database;
  private String reader;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void createDatabase() throws SQLException {
    database = "tidemark_example_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    reader = database.replace("tidemark_example_", "bi_reader_");
    admin("create database " + database);
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    admin("drop database if exists " + database + " with (force)");
    admin("drop role if exists " + reader);
  }

  @Test
  void theExampleBuildsOnPostgresAndTheIncidentIsRepairedBackToTheCleanBuild() throws Exception {
    ExampleSetup.create("subscriptions", directory, FIRST);
    Path config = directory.resolve("tidemark.yml");
    String text = Files.readString(config);
    String onPostgres =
        text.replaceFirst(
            "(?m)^warehouse:\\n  type: duckdb\\n  path: .*\\n",
            "warehouse:\n  type: postgres\n  url: " + SERVER + database + "?user=postgres\n");
    assertThat(onPostgres).isNotEqualTo(text);
    Files.writeString(config, onPostgres);

    GenerationReport report;
    try (Workspace workspace = workspace()) {
      report =
          ExampleSetup.generate(workspace, FIRST, LAST, SCALE, writer(out), Style.detect(true));
    }
    assertThat(cli("validate")).as(all()).isZero();
    assertThat(cli("run", "--start", FIRST.toString(), "--end", LAST.toString()))
        .as(all())
        .isZero();

    Set<String> planted =
        report.inconsistencies().stream()
            .map(p -> p.day() + "|" + p.userId() + "|" + p.kind().label())
            .collect(Collectors.toSet());
    assertThat(planted).hasSizeGreaterThan(16);
    assertThat(rows("select event_date, user_id, kind from marts.inconsistent_users"))
        .isEqualTo(planted);
    assertThat(rows("select kpi_date from marts.kpi_daily where active_subscribers >= 0"))
        .hasSize(16);
    assertThat(rows("select report_id from marts.outage_impact where duration_minutes > 0"))
        .isNotEmpty();

    assertThat(cli("grants", "--role", reader, "--schema", "marts")).as(all()).isZero();
    assertThat(out.toString()).contains("JDBC URL  " + SERVER + database);
    assertTheReaderReadsTheKpisAndWritesNothing();
    assertReconcileFindsAChangedKpiByJoinAndByBisection();

    StringWriter story = new StringWriter();
    boolean repaired =
        new IncidentStory(
                directory,
                writer(story),
                writer(err),
                Style.detect(true),
                ExampleSetup.generator(SCALE, FIRST))
            .tell(FIRST.plusDays(7), FIRST.plusDays(9));

    assertThat(repaired).as(story + "\n" + err).isTrue();
    assertThat(story.toString())
        .contains("marts.kpi_daily")
        .contains("Repair 1 finished")
        .contains("✓ Every model matches what it held before the incident")
        .doesNotContain("✗");
    // The repair wrote the marts again; the grant holds.
    assertTheReaderReadsTheKpisAndWritesNothing();
  }

  /** `tidemark reconcile` in the project's PostgreSQL warehouse, by either method. */
  private void assertReconcileFindsAChangedKpiByJoinAndByBisection() throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER + database, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("create table marts.kpi_copy as select * from marts.kpi_daily");
      statement.execute(
          "update marts.kpi_copy set net_revenue = net_revenue + 1 where kpi_date = '"
              + FIRST.plusDays(3)
              + "'");
    }
    for (String method : List.of("join", "bisection")) {
      out.getBuffer().setLength(0);
      assertThat(
              cli(
                  "reconcile",
                  "marts.kpi_daily",
                  "marts.kpi_copy",
                  "--key",
                  "kpi_date",
                  "--method",
                  method))
          .as(all())
          .isEqualTo(1);
      assertThat(out.toString())
          .as(method)
          .contains("net_revenue")
          .contains(FIRST.plusDays(3).toString())
          .contains("1 mismatching key");
    }
  }

  /** A BI tool's view: plain JDBC as the read-only role. */
  private void assertTheReaderReadsTheKpisAndWritesNothing() throws SQLException {
    try (Connection bi = DriverManager.getConnection(SERVER + database, reader, "");
        Statement statement = bi.createStatement()) {
      try (ResultSet kpis =
          statement.executeQuery(
              "select count(*), sum(net_revenue), min(active_subscribers) from marts.kpi_daily")) {
        kpis.next();
        assertThat(kpis.getLong(1)).isEqualTo(16);
        assertThat(kpis.getBigDecimal(2)).isPositive();
      }
      assertThatThrownBy(() -> statement.executeUpdate("delete from marts.kpi_daily"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> statement.execute("create table marts.scratch (x int)"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> statement.executeQuery("select * from staging.stg_users"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
    assertThat(rows("select kpi_date from marts.kpi_daily")).hasSize(16);
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

  private Set<String> rows(String query) throws SQLException {
    Set<String> rows = new HashSet<>();
    try (Connection connection = DriverManager.getConnection(SERVER + database, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "|" : "").append(result.getObject(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER + "test", "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
