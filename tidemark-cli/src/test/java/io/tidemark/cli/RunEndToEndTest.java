package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunEndToEndTest {
  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = TestProject.standard(dir).withEvents(20);
  }

  private Cli.Result run(String... extra) {
    return project.run("2024-01-01", "2024-01-31", extra);
  }

  @Test
  void runBuildsEveryPartitionInDependencyOrderThenHasNothingToDo() {
    Cli.Result first = run();
    assertThat(first.exitCode()).as(first.all()).isZero();
    // 31 days x 4 daily models + 1 month + 1 table = 126 tasks
    assertThat(first.out()).contains("126 tasks").contains("Completed");
    assertThat(project.count("select count(*) from staging.stg_events")).isEqualTo(31 * 20);
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(31);
    assertThat(project.count("select events from marts.monthly_totals")).isEqualTo(31 * 20);
    assertThat(
            project.count(
                "select cast(total as bigint) from marts.cumulative_amount where day = date '2024-01-31'"))
        .isEqualTo(project.count("select cast(sum(amount) as bigint) from raw.events"));
    assertThat(project.count("select days from marts.all_time")).isEqualTo(31);

    Cli.Result second = run();
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("Nothing to do").contains("126 partitions");
  }

  @Test
  void anEndAfterTheLastCompleteDayIsCutAndTheRunSaysToWhichDayAndWhy() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Cli.Result result =
        project.run(
            today.minusDays(1).toString(), today.plusDays(2).toString(), "--select", "stg_events");

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.all())
        .contains(
            "end "
                + today.plusDays(2)
                + " cut to "
                + today.minusDays(1)
                + ": later days are not complete yet (today is "
                + today
                + " UTC)");
  }

  @Test
  void aRunCheckpointsTheWarehouseVisiblyAndStatusShowsTheEnginesResources() {
    project.write(
        "tidemark.yml",
        project
            .read("tidemark.yml")
            .replace("warehouse:\n", "warehouse:\n  memory_limit: 300MiB\n  threads: 1\n"));
    Cli.Result result = run();
    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.out()).containsPattern("Checkpointing the warehouse… \\S+; the file is");

    Cli.Result status = project.cli("status", "--verbose");
    assertThat(status.out())
        .contains("memory_limit 300.0 MiB (set in warehouse.memory_limit (tidemark.yml:")
        .contains("threads 1");
    Cli.Result version = Cli.run("--version", "--verbose");
    assertThat(version.out()).contains("max heap").contains("warehouse duckdb, by default:");
  }

  @Test
  void forcedRerunReplacesPartitionsWithoutDuplicatingRows() {
    assertThat(run().exitCode()).isZero();
    Cli.Result again = run("--force", "--select", "stg_events+");
    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(project.count("select count(*) from staging.stg_events")).isEqualTo(31 * 20);
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(31);
    assertThat(
            project.count(
                "select count(*) from (select event_id from staging.stg_events group by 1 having count(*) > 1)"))
        .isZero();
  }

  @Test
  void failedTaskSkipsItsDownstreamWhileIndependentBranchesFinish() {
    // A file that has not arrived is an I/O error: one that may pass on another try.
    project.write("tidemark.yml", project.read("tidemark.yml") + "file_access:\n  - reference\n");
    project.write(
        "models/marts/daily_totals.sql",
        """
        select event_date, count(*) as events, sum(amount) as amount
        from {{ ref('stg_events') }}
        where event_date = date '{{ partition_start }}'
        {% if partition_key == '2024-01-10' %}
          and (select count(*) from read_csv('reference/late_delivery.csv')) > 0
        {% endif %}
        group by event_date
        """);
    Cli.Result result = run("--retries", "1");
    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.out())
        .contains("RETRY marts.daily_totals 2024-01-10")
        .contains("FAIL  marts.daily_totals 2024-01-10")
        .contains("late_delivery.csv")
        .contains("SKIP  marts.cumulative_amount 2024-01-10")
        .contains("upstream marts.daily_totals 2024-01-10 failed")
        .contains("SKIP  marts.cumulative_amount 2024-01-31")
        .contains("SKIP  marts.all_time all");
    // the independent branch (weekly users) finished every day
    assertThat(project.count("select count(*) from marts.weekly_users")).isEqualTo(31);
    // the cumulative table stopped before the failed day
    assertThat(project.count("select count(*) from marts.cumulative_amount")).isEqualTo(9);

    Cli.Result show = project.cli("runs", "show", "1", "--format", "json");
    assertThat(show.out())
        .contains("\"status\" : \"failed\"")
        .contains("\"attempt\" : 2")
        .contains("\"status\" : \"skipped\"");
  }

  @Test
  void rowsOutsideThePartitionFailTheTaskAndLeaveTheTableAsItWas() {
    assertThat(run().exitCode()).isZero();
    project.write(
        "models/marts/daily_totals.sql",
        """
        select event_date + 1 as event_date, count(*) as events, sum(amount) as amount
        from {{ ref('stg_events') }}
        where event_date = date '{{ partition_start }}'
        group by event_date
        """);
    Cli.Result result = run("--select", "daily_totals");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("outside partition");
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(31);
    assertThat(
            project.count(
                "select cast(min(event_date) = date '2024-01-01' as int) from marts.daily_totals"))
        .isEqualTo(1);
  }

  @Test
  void changingAModelRebuildsItAndItsDownstreamOnly() {
    assertThat(run().exitCode()).isZero();
    project.write(
        "models/marts/weekly_users.sql",
        """
        select date '{{ partition_start }}' as day, count(distinct user_id) + 0 as users_7d
        from {{ ref('stg_events') }}
        where event_date > date '{{ partition_start }}' - interval 7 day
          and event_date <= date '{{ partition_start }}'
        """);
    Cli.Result plan =
        project.cli("plan", "--start", "2024-01-01", "--end", "2024-01-31", "--format", "json");
    assertThat(plan.exitCode()).as(plan.all()).isZero();
    assertThat(plan.out())
        .contains("\"tasks\" : 31")
        .contains("marts.weekly_users")
        .contains("code_changed");
  }

  @Test
  void statusRunsAndSqlReportWhatHappened() {
    assertThat(run().exitCode()).isZero();
    Cli.Result status = project.cli("status");
    assertThat(status.exitCode()).isZero();
    assertThat(status.out())
        .contains("staging.stg_events")
        .contains("incremental/day")
        .contains("#1");
    Cli.Result runs = project.cli("runs");
    assertThat(runs.out()).contains("#1").contains("succeeded");
    Cli.Result show = project.cli("runs", "show", "1");
    assertThat(show.out()).contains("marts.monthly_totals").contains("2024-01");
    Cli.Result csv =
        project.cli("sql", "--format", "csv", "select events, amount from marts.monthly_totals");
    assertThat(csv.out()).startsWith("events,amount\n620,");
    Cli.Result json = project.cli("sql", "--format", "json", "select 1 as one");
    assertThat(json.out()).contains("{\"one\":1}");
  }

  @Test
  void selectionLimitsThePlan() {
    Cli.Result plan =
        project.cli(
            "plan",
            "--start",
            "2024-01-01",
            "--end",
            "2024-01-07",
            "--select",
            "+daily_totals",
            "--format",
            "json");
    assertThat(plan.exitCode()).as(plan.all()).isZero();
    assertThat(plan.out())
        .contains("\"tasks\" : 14")
        .contains("staging.stg_events")
        .doesNotContain("weekly_users");
    Cli.Result tagged =
        project.cli(
            "plan", "--start", "2024-01-01", "--end", "2024-01-07", "--select", "tag:finance");
    assertThat(tagged.out()).contains("marts.daily_totals").contains("7 tasks");
  }
}
