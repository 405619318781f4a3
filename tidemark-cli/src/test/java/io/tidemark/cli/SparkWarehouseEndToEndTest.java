package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project on {@code warehouse.type: spark} (Spark SQL in this JVM, its warehouse in the project)
 * through the CLI alone: it runs, a damaged source is noticed, impact names what read it, repair
 * rebuilds the damage, and once the load is redone repair makes every table equal what it was.
 * Spark's tables take no {@code delete}: the source is damaged and restored by making it again,
 * with {@code tidemark sql}. A process runs one Spark warehouse: the project's is the test JVM's
 * shared one ({@link SparkTestWarehouse}), its schemas dropped before and after. Three days keep
 * its cost to a few tasks a run.
 */
class SparkWarehouseEndToEndTest {
  @TempDir Path dir;

  @Test
  void aProjectRunsOnSparkAndRepairRestoresEveryTable() throws Exception {
    project();
    assertOk(cli("validate"));
    assertOk(cli("run", "--start", "2024-01-01", "--end", "2024-01-03"));
    List<String> before =
        rows("select event_date, events, amount, engine from marts.daily order by event_date");
    assertThat(before)
        .containsExactly(
            "2024-01-01,100,15150,spark",
            "2024-01-02,100,14950,spark",
            "2024-01-03,100,15050,spark");
    assertOk(cli("sources", "scan"));

    // Half of the second day lost: the even amounts.
    sql(
        "create table raw.saved as select * from raw.events"
            + " where cast(event_time as date) = date '2024-01-02'",
        "create table raw.kept as select * from raw.events"
            + " where not (cast(event_time as date) = date '2024-01-02' and amount % 2 = 0)");
    remakeEventsFromKept();
    assertOk(cli("sources", "scan"));
    Cli.Result impact = cli("impact", "raw.events", "--start", "2024-01-02", "--end", "2024-01-02");
    assertOk(impact);
    assertThat(impact.out()).contains("staging.stg_events", "marts.daily");
    assertOk(cli("repair", "raw.events", "--start", "2024-01-02", "--end", "2024-01-02"));
    assertThat(rows("select events from marts.daily where event_date = date '2024-01-02'"))
        .containsExactly("50");

    // The load redone: the day as it was.
    sql(
        "create table raw.kept as select * from raw.events"
            + " where cast(event_time as date) <> date '2024-01-02'",
        "insert into raw.kept select * from raw.saved",
        "drop table raw.saved");
    remakeEventsFromKept();
    assertOk(cli("sources", "scan"));
    assertOk(cli("repair", "raw.events", "--start", "2024-01-02", "--end", "2024-01-02"));

    assertThat(
            rows("select event_date, events, amount, engine from marts.daily order by event_date"))
        .isEqualTo(before);
    assertOk(cli("check", "--start", "2024-01-01", "--end", "2024-01-03"));
    // The proof, by the engine: the staging table equals the source row for row.
    Cli.Result same =
        cli(
            "reconcile",
            "staging.stg_events",
            "raw.events",
            "--key",
            "event_time",
            "--compare",
            "user_id,amount",
            "--method",
            "bisection");
    assertOk(same);
    assertThat(same.out()).contains("The tables agree.");
  }

  private void project() throws IOException {
    write(
        "tidemark.yml",
        """
        name: sparkdemo
        start: 2024-01-01
        """
            + SparkTestWarehouse.warehouseSection());
    write(
        "models/sources.yml",
        """
        sources:
          - schema: raw
            tables:
              - name: events
                partitioning: {grain: day, column: event_time}
        """);
    write(
        "models/staging/stg_events.sql",
        """
        select event_time, cast(event_time as date) as event_date, user_id, amount
        from {{ source('raw', 'events') }}
        where event_time >= timestamp '{{ partition_start }}'
          and event_time < timestamp '{{ partition_end }}'
        """);
    write(
        "models/staging/staging.yml",
        """
        models:
          - name: stg_events
            partitioning: {grain: day, column: event_date}
        """);
    write(
        "models/marts/daily.sql",
        """
        select event_date, count(*) as events, sum(amount) as amount,
               '{{ target.type }}' as engine
        from {{ ref('stg_events') }}
        where event_date = date '{{ partition_start }}'
        group by event_date
        """);
    write(
        "models/marts/marts.yml",
        """
        models:
          - name: daily
            partitioning: {grain: day, column: event_date}
            columns:
              - name: events
                checks: [not_null, unique]
        """);
    dropSchemas();
    // 300 events, 100 a day on 2024-01-01..03, amount g on day g % 3.
    sql(
        "create schema raw",
        "create table raw.events as select timestamp '2024-01-01 00:00:00'"
            + " + make_dt_interval(cast(g % 3 as int), 0, 0, g) as event_time,"
            + " g % 7 as user_id, g as amount from range(1, 301) as t(g)");
  }

  /** The warehouse is the test JVM's one Spark warehouse: its schemas are this test's alone. */
  @AfterEach
  void dropSchemas() {
    if (Files.exists(dir.resolve("tidemark.yml"))) {
      sql(
          "drop schema if exists raw cascade",
          "drop schema if exists staging cascade",
          "drop schema if exists marts cascade");
    }
  }

  /** raw.events made again from raw.kept, which is dropped. */
  private void remakeEventsFromKept() {
    sql(
        "drop table raw.events",
        "create table raw.events as select * from raw.kept",
        "drop table raw.kept");
  }

  private Cli.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-p", dir.toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  private static void assertOk(Cli.Result result) {
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
  }

  private void write(String file, String text) throws IOException {
    Path path = dir.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }

  private void sql(String... statements) {
    for (String statement : statements) {
      assertOk(cli("sql", statement));
    }
  }

  /** The rows of a query as CSV lines, without the header. */
  private List<String> rows(String query) {
    Cli.Result result = cli("sql", query, "--format", "csv");
    assertOk(result);
    List<String> lines = new ArrayList<>(result.out().lines().toList());
    lines.remove(0);
    return lines;
  }
}
