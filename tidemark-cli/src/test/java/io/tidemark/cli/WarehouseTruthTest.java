package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state store never reports a partition built that the warehouse does not hold. */
class WarehouseTruthTest {
  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void buildFiveDays() {
    project = TestProject.standard(dir).withEvents(3);
    Cli.Result run = project.run("2024-01-01", "2024-01-05");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(plan().out()).contains("Nothing to do");
  }

  private Cli.Result plan() {
    return project.cli("plan", "--start", "2024-01-01", "--end", "2024-01-05");
  }

  private Cli.Result status() {
    return project.cli("status", "--format", "json");
  }

  @Test
  void aDeletedWarehouseFileMeansEveryModelPartitionIsMissing() throws Exception {
    Files.delete(dir.resolve("warehouse.duckdb"));
    Files.deleteIfExists(dir.resolve("warehouse.duckdb.wal"));
    project.withEvents(3);

    Cli.Result plan = plan();
    assertThat(plan.out()).doesNotContain("Nothing to do");
    assertThat(plan.all())
        .contains("marts.daily_totals: 5 partitions recorded as built are not in the warehouse")
        .contains("its table is gone");
    assertThat(status().out())
        .contains("\"asset\" : \"marts.daily_totals\"")
        .containsPattern("\"asset\" : \"marts.daily_totals\",[^}]*\"materialized\" : 0,");

    Cli.Result run = project.run("2024-01-01", "2024-01-05");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(5);
    assertThat(plan().out()).contains("Nothing to do");
  }

  @Test
  void aDroppedTableIsPlannedAgainWithWhatReadsIt() {
    Cli.Result drop = project.cli("sql", "drop table marts.daily_totals");
    assertThat(drop.exitCode()).as(drop.all()).isZero();

    Cli.Result plan = project.cli("plan", "--start", "2024-01-01", "--end", "2024-01-05");
    assertThat(plan.all()).contains("marts.daily_totals: 5 partitions recorded as built");
    assertThat(plan.out()).contains("marts.daily_totals").contains("marts.cumulative_amount");
    assertThat(plan.out()).doesNotContain("staging.stg_events");

    Cli.Result run = project.run("2024-01-01", "2024-01-05");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(5);
    assertThat(plan().out()).contains("Nothing to do");
  }

  @Test
  void aTableDroppedAndRebuiltForAFewDaysCountsOnlyThoseDays() {
    project.cli("sql", "drop table marts.daily_totals");
    Cli.Result few = project.run("2024-01-04", "2024-01-05", "-s", "daily_totals");
    assertThat(few.exitCode()).as(few.all()).isZero();
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(2);

    assertThat(status().out())
        .containsPattern("\"asset\" : \"marts.daily_totals\",[^}]*\"materialized\" : 2,");
    Cli.Result text = project.cli("status");
    assertThat(text.out())
        .contains("marts.daily_totals: 3 partitions recorded as built are not in the warehouse");

    Cli.Result plan = plan();
    assertThat(plan.all()).contains("marts.daily_totals: 3 partitions recorded as built");
    Cli.Result rest = project.run("2024-01-01", "2024-01-05");
    assertThat(rest.exitCode()).as(rest.all()).isZero();
    assertThat(project.count("select count(*) from marts.daily_totals")).isEqualTo(5);
    assertThat(plan().out()).contains("Nothing to do");
  }

  @Test
  void verifyFindsRowsChangedOutsideTidemarkAndARunRepairsThemAndTheirReaders() {
    Cli.Result clean = project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-05");
    assertThat(clean.exitCode()).as(clean.all()).isZero();
    assertThat(clean.out()).contains("OK").contains("match the warehouse");

    project.execute(
        "delete from staging.stg_events where event_date = date '2024-01-03' and event_id % 3 = 0",
        "insert into marts.daily_totals values (date '2024-01-09', 1, 1)");

    Cli.Result dry =
        project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-10", "--dry-run");
    assertThat(dry.exitCode()).isEqualTo(1);
    assertThat(dry.out())
        .contains("staging.stg_events")
        .contains("2024-01-03")
        .contains("recorded 3 rows, holds 2")
        .contains("rows Tidemark did not write")
        .contains("Nothing recorded (--dry-run)");
    assertThat(plan().out()).contains("Nothing to do");

    Cli.Result found = project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-05");
    assertThat(found.exitCode()).isEqualTo(1);
    assertThat(found.out()).contains("marked invalid");
    Cli.Result plan = plan();
    assertThat(plan.out())
        .contains("staging.stg_events")
        .contains("marked bad by an incident")
        .contains("marts.daily_totals");

    Cli.Result run = project.run("2024-01-01", "2024-01-05");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(project.count("select count(*) from staging.stg_events")).isEqualTo(15);
    Cli.Result again = project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-05");
    assertThat(again.exitCode()).as(again.all()).isZero();
  }

  @Test
  void verifyFindsValuesUpdatedInPlaceThatKeepTheRowCountAndARunRebuildsTheirReaders() {
    project.execute(
        "update staging.stg_events set amount = amount + 100"
            + " where event_date = date '2024-01-03' and event_id % 3 = 0");

    Cli.Result found = project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-05");
    assertThat(found.exitCode()).as(found.all()).isEqualTo(1);
    assertThat(found.out())
        .contains("staging.stg_events")
        .contains("2024-01-03")
        .contains("values changed outside Tidemark")
        .contains("holds the 3 rows recorded, with other contents")
        .contains("1 partition of")
        .contains("marked invalid")
        .doesNotContain("compared by row count alone");
    assertThat(plan().out())
        .contains("staging.stg_events")
        .contains("marked bad by an incident")
        .contains("marts.daily_totals");

    Cli.Result run = project.run("2024-01-01", "2024-01-05");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(project.count("select max(amount) from staging.stg_events")).isLessThan(100);
    Cli.Result again = project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-05");
    assertThat(again.exitCode()).as(again.all()).isZero();
  }

  @Test
  void rowsDeletedAndInsertedAgainAsTheyWereAreNoDifference() {
    project.execute(
        "create table main.saved as select * from staging.stg_events",
        "delete from staging.stg_events",
        "insert into staging.stg_events select * from main.saved order by event_id desc",
        "drop table main.saved");

    Cli.Result verify = project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-05");
    assertThat(verify.exitCode()).as(verify.all()).isZero();
    assertThat(verify.out()).contains("match the warehouse");
  }

  @Test
  void partitionsWrittenBeforeContentHashesAreComparedByRowCountAndSaySo() throws Exception {
    try (Connection store =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".tidemark/state.db"));
        Statement statement = store.createStatement()) {
      statement.executeUpdate(
          "update partition_states set content_hash = ''"
              + " where asset = 'staging.stg_events' and partition_key <= '2024-01-03'");
    }
    project.execute(
        "update staging.stg_events set amount = amount + 100"
            + " where event_date = date '2024-01-02' and event_id % 3 = 0");

    Cli.Result counted = project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-05");
    assertThat(counted.exitCode()).as(counted.all()).isZero();
    assertThat(counted.out())
        .contains("match the warehouse")
        .contains("3 partitions written before content hashes were recorded")
        .contains("compared by row count alone")
        .contains("staging.stg_events (3)");
    Cli.Result json =
        project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-05", "--format", "json");
    assertThat(json.out()).contains("\"partitions_counted_only\" : 3");

    // A count that changed is still found there.
    project.execute(
        "delete from staging.stg_events where event_date = date '2024-01-01' and event_id % 3 = 0");
    Cli.Result rows =
        project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-05", "--dry-run");
    assertThat(rows.exitCode()).isEqualTo(1);
    assertThat(rows.out()).contains("recorded 3 rows, holds 2");

    // A run rewrites the partitions and records their hashes.
    assertThat(project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-05").exitCode())
        .isEqualTo(1);
    Cli.Result invalidate =
        project.cli(
            "invalidate",
            "staging.stg_events",
            "--start",
            "2024-01-02",
            "--end",
            "2024-01-03",
            "--reason",
            "rewrite");
    assertThat(invalidate.exitCode()).as(invalidate.all()).isZero();
    Cli.Result run = project.run("2024-01-01", "2024-01-05");
    assertThat(run.exitCode()).as(run.all()).isZero();
    Cli.Result hashed = project.cli("verify", "--start", "2024-01-01", "--end", "2024-01-05");
    assertThat(hashed.exitCode()).as(hashed.all()).isZero();
    assertThat(hashed.out()).doesNotContain("compared by row count alone");
  }
}
