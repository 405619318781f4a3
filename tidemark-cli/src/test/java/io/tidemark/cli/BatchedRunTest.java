package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.core.warehouse.WarehouseProviders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adjacent partitions of a model built by one statement (a batch) come out exactly as when built
 * one at a time, and a failure inside a batch leaves every partition of it as it was.
 */
class BatchedRunTest {
  private static final List<String> TABLES =
      List.of(
          "staging.stg_events",
          "marts.daily_by_user",
          "marts.daily_totals",
          "marts.weekly_users",
          "marts.monthly_totals",
          "marts.cumulative_amount",
          "marts.all_time");

  /** Events by day and user: its bounds only filter what it reads, so it is batched. */
  private static final String DAILY_BY_USER =
      """
      select event_date, user_id, count(*) as events, sum(amount) as amount
      from {{ ref('stg_events') }}
      where event_date >= date '{{ partition_start }}'
        and event_date < date '{{ partition_end }}'
      group by all
      """;

  @TempDir Path batchedDir;
  @TempDir Path onePerTaskDir;

  @Test
  void aBatchedBuildEqualsAPartitionAtATimeBuild() throws Exception {
    TestProject batched = project(batchedDir, "");
    TestProject onePerTask = project(onePerTaskDir, "    batch_size: 1\n");

    Cli.Result first = batched.run("2024-01-01", "2024-01-31");
    assertThat(first.exitCode()).as(first.all()).isZero();
    Cli.Result second = onePerTask.run("2024-01-01", "2024-01-31");
    assertThat(second.exitCode()).as(second.all()).isZero();

    assertThat(tables(batched)).isEqualTo(tables(onePerTask));
    assertThat(fingerprints(batched)).isEqualTo(fingerprints(onePerTask));
    Map<String, String> states = states(batched);
    assertThat(states).hasSize(31 + 31 + 31 + 31 + 1 + 31 + 1);
    assertThat(states).isEqualTo(states(onePerTask));
    assertThat(states.get("staging.stg_events 2024-01-05")).startsWith("MATERIALIZED|");

    // A repeat of the same range and one more range built on top agree too.
    assertThat(batched.run("2024-01-10", "2024-01-20", "--force").exitCode()).isZero();
    assertThat(onePerTask.run("2024-01-10", "2024-01-20", "--force").exitCode()).isZero();
    assertThat(tables(batched)).isEqualTo(tables(onePerTask));
    assertThat(states(batched)).isEqualTo(states(onePerTask));
  }

  @Test
  void modelsThatMakeTheirDayOfABoundAreBatchedPartitionByPartitionAndComeOutTheSame()
      throws Exception {
    TestProject batched = project(batchedDir, "");
    // daily_totals compares with =, weekly_users writes date '{{ partition_start }}' as its day:
    // batched only when asked, each partition by its own select.
    String marts = batched.read("models/marts/marts.yml");
    batched.write(
        "models/marts/marts.yml",
        marts
            .replace("    tags: [finance]\n", "    tags: [finance]\n    batch_size: 31\n")
            .replace(
                "    partitioning: {grain: day, column: day}\n    depends_on:",
                "    partitioning: {grain: day, column: day}\n    batch_size: 31\n"
                    + "    depends_on:"));
    TestProject onePerTask = project(onePerTaskDir, "    batch_size: 1\n");
    Project loaded =
        new ProjectLoader(WarehouseProviders.installed(), name -> null).load(batchedDir);
    for (String model : List.of("marts.daily_totals", "marts.weekly_users")) {
      assertThat(loaded.batchSize(AssetName.parse(model))).as(model).isEqualTo(31);
      assertThat(loaded.batchesPartitionWise(AssetName.parse(model))).as(model).isTrue();
    }
    assertThat(loaded.batchesPartitionWise(AssetName.parse("marts.daily_by_user"))).isFalse();

    Cli.Result first = batched.run("2024-01-01", "2024-01-31");
    assertThat(first.exitCode()).as(first.all()).isZero();
    assertThat(onePerTask.run("2024-01-01", "2024-01-31").exitCode()).isZero();

    assertThat(tables(batched)).isEqualTo(tables(onePerTask));
    assertThat(states(batched)).isEqualTo(states(onePerTask));
    Map<String, String> hashes = contentHashes(batched);
    assertThat(hashes).hasSize(states(batched).size()).doesNotContainValue("");
    assertThat(hashes).isEqualTo(contentHashes(onePerTask));
    assertThat(batched.run("2024-01-10", "2024-01-20", "--force").exitCode()).isZero();
    assertThat(onePerTask.run("2024-01-10", "2024-01-20", "--force").exitCode()).isZero();
    assertThat(tables(batched)).isEqualTo(tables(onePerTask));
    assertThat(states(batched)).isEqualTo(states(onePerTask));
    // Built in batches: each partition's log holds its own select, written with the others.
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:sqlite:" + batched.root.resolve(".tidemark/state.db"));
        Statement statement = connection.createStatement()) {
      List<String> logs =
          rows(
              statement,
              "select l.log from attempt_logs l join task_attempts a on a.id = l.attempt_id"
                  + " where a.asset = 'marts.weekly_users' and a.partition_key = '2024-01-05'");
      assertThat(logs).isNotEmpty();
      assertThat(logs.get(0))
          .contains("in a batch of", "written with the batch's others", "date '2024-01-05'")
          .doesNotContain("date '2024-01-04' as day");
    }
  }

  @Test
  void aRowOutsideTheBatchFailsEveryPartitionOfItAndChangesNothing() throws Exception {
    TestProject batched = project(batchedDir, "");
    assertThat(batched.run("2024-01-01", "2024-01-31").exitCode()).isZero();
    Map<String, List<String>> before = tables(batched);
    Map<String, String> statesBefore = states(batched);

    // One row of 15 January lands in April: outside every partition of the batch.
    batched.write(
        "models/marts/daily_by_user.sql",
        DAILY_BY_USER.replace(
            "select event_date,",
            "select case when event_date = date '2024-01-15' and user_id = 3"
                + " then date '2024-04-01' else event_date end as event_date,"));
    Cli.Result failed = batched.run("2024-01-01", "2024-01-31");

    assertThat(failed.exitCode()).as(failed.all()).isNotZero();
    assertThat(failed.all()).contains("wrote 1 row outside partitions 2024-01-01 to 2024-01-31");
    assertThat(tables(batched)).isEqualTo(before);
    Map<String, String> statesAfter = states(batched);
    for (Map.Entry<String, String> state : statesBefore.entrySet()) {
      String key = state.getKey();
      if (key.startsWith("marts.daily_by_user ")) {
        // Failed, with the versions and rows of the data still in place.
        assertThat(statesAfter.get(key))
            .as(key)
            .isEqualTo(state.getValue().replace("MATERIALIZED|", "FAILED|"));
      } else {
        assertThat(statesAfter.get(key)).as(key).isEqualTo(state.getValue());
      }
    }
  }

  @Test
  void aModelBuiltOnePartitionAtATimeFailsOnlyThePartitionWithTheStrayRow() throws Exception {
    TestProject onePerTask = project(onePerTaskDir, "    batch_size: 1\n");
    assertThat(onePerTask.run("2024-01-01", "2024-01-31").exitCode()).isZero();
    onePerTask.write(
        "models/marts/daily_by_user.sql",
        DAILY_BY_USER.replace(
            "select event_date,",
            "select case when event_date = date '2024-01-15' and user_id = 3"
                + " then date '2024-04-01' else event_date end as event_date,"));
    Cli.Result failed = onePerTask.run("2024-01-01", "2024-01-31");

    assertThat(failed.exitCode()).isNotZero();
    assertThat(failed.all()).contains("outside partition 2024-01-15");
    Map<String, String> states = states(onePerTask);
    assertThat(states.get("marts.daily_by_user 2024-01-15")).startsWith("FAILED|");
    assertThat(states.get("marts.daily_by_user 2024-01-14")).startsWith("MATERIALIZED|");
  }

  @Test
  void theDocumentedExampleIsBatchedAsItSays() throws Exception {
    String page = Files.readString(Path.of("../docs/running.md"), StandardCharsets.UTF_8);
    String section = page.substring(page.indexOf("**Adjacent partitions are built in batches.**"));
    Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
    Matcher sql = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertThat(yaml.find()).isTrue();
    assertThat(sql.find()).isTrue();

    TestProject project = TestProject.standard(batchedDir).withEvents(40);
    Files.delete(batchedDir.resolve("models/staging/staging.yml"));
    String marts = project.read("models/marts/marts.yml");
    int weekly = marts.indexOf("  - name: weekly_users");
    int next = marts.indexOf("  - name: monthly_totals");
    project.write("models/marts/marts.yml", marts.substring(0, weekly) + marts.substring(next));
    project.write("models/batches.yml", yaml.group(1));
    project.write("models/marts/daily_by_user.sql", sql.group(1));

    Project loaded =
        new ProjectLoader(WarehouseProviders.installed(), name -> null).load(batchedDir);
    assertThat(loaded.batchSize(AssetName.parse("marts.daily_by_user"))).isEqualTo(7);
    assertThat(loaded.batchSize(AssetName.parse("marts.weekly_users"))).isEqualTo(31);
    assertThat(loaded.batchesPartitionWise(AssetName.parse("marts.weekly_users"))).isTrue();
    assertThat(loaded.batchesPartitionWise(AssetName.parse("marts.daily_by_user"))).isFalse();
    assertThat(loaded.batchSize(AssetName.parse("staging.stg_events"))).isEqualTo(1);
    assertThat(loaded.batchSize(AssetName.parse("marts.monthly_totals"))).isEqualTo(31);
    assertThat(loaded.batchSize(AssetName.parse("marts.daily_totals"))).isEqualTo(1);

    Cli.Result run = project.run("2024-01-01", "2024-01-31");
    assertThat(run.exitCode()).as(run.all()).isZero();
    try (Connection connection = warehouse(project);
        Statement statement = connection.createStatement()) {
      assertThat(rows(statement, "select * from marts.daily_by_user order by all"))
          .hasSize(31 * 40)
          .isEqualTo(
              rows(
                  statement,
                  "select event_date, user_id, count(*), sum(amount) from staging.stg_events"
                      + " group by all order by all"));
      assertThat(rows(statement, "select day, users_7d from marts.weekly_users order by all"))
          .hasSize(31)
          .isEqualTo(
              rows(
                  statement,
                  "select d.day, count(distinct s.user_id) from (select distinct event_date as day"
                      + " from staging.stg_events) d join staging.stg_events s"
                      + " on s.event_date > d.day - interval 7 day and s.event_date <= d.day"
                      + " group by all order by all"));
    }
  }

  /**
   * The standard test project with a batched model of its own; {@code modelSetting} goes under each
   * model that would otherwise be batched.
   */
  private static TestProject project(Path root, String modelSetting) {
    TestProject project = TestProject.standard(root).withEvents(40);
    project.stagingProperties(modelSetting);
    project.write("models/marts/daily_by_user.sql", DAILY_BY_USER);
    String marts = project.read("models/marts/marts.yml");
    project.write(
        "models/marts/marts.yml",
        marts.replace(
                "  - name: monthly_totals\n" + "    partitioning: {grain: month, column: month}\n",
                "  - name: monthly_totals\n"
                    + "    partitioning: {grain: month, column: month}\n"
                    + modelSetting)
            + "  - name: daily_by_user\n"
            + "    partitioning: {grain: day, column: event_date}\n"
            + modelSetting);
    return project;
  }

  /** Every row of every model's table, in order. */
  private static Map<String, List<String>> tables(TestProject project) throws SQLException {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    try (Connection connection = warehouse(project);
        Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        tables.put(table, rows(statement, "select * from " + table + " order by all"));
      }
    }
    return tables;
  }

  /** Each day's row count and order-independent content hash of the batched tables. */
  private static Map<String, List<String>> fingerprints(TestProject project) throws SQLException {
    Map<String, List<String>> fingerprints = new LinkedHashMap<>();
    try (Connection connection = warehouse(project);
        Statement statement = connection.createStatement()) {
      fingerprints.put(
          "staging.stg_events",
          rows(
              statement,
              "select event_date, count(*), sum(hash(event_id, user_id, event_time, amount))"
                  + " from staging.stg_events group by 1 order by 1"));
      fingerprints.put(
          "marts.daily_by_user",
          rows(
              statement,
              "select event_date, count(*), sum(hash(user_id, events, amount))"
                  + " from marts.daily_by_user group by 1 order by 1"));
    }
    return fingerprints;
  }

  /**
   * Each partition's state, without what differs by timing (wall, CPU, memory, when, which run).
   */
  private static Map<String, String> states(TestProject project) throws SQLException {
    Map<String, String> states = new LinkedHashMap<>();
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:sqlite:" + project.root.resolve(".tidemark/state.db"));
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select asset, partition_key, status, data_version, code_version, input_version,"
                    + " rows, bytes_written from partition_states where asset not like 'raw.%'"
                    + " order by asset, partition_key")) {
      while (rows.next()) {
        states.put(
            rows.getString(1) + " " + rows.getString(2),
            String.join(
                "|",
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                rows.getString(6),
                rows.getString(7),
                rows.getString(8)));
      }
    }
    return states;
  }

  /** Each partition's content hash, as its write recorded it. */
  private static Map<String, String> contentHashes(TestProject project) throws SQLException {
    Map<String, String> hashes = new LinkedHashMap<>();
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:sqlite:" + project.root.resolve(".tidemark/state.db"));
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select asset, partition_key, content_hash from partition_states"
                    + " where asset not like 'raw.%' order by asset, partition_key")) {
      while (rows.next()) {
        hashes.put(rows.getString(1) + " " + rows.getString(2), rows.getString(3));
      }
    }
    return hashes;
  }

  private static Connection warehouse(TestProject project) throws SQLException {
    return DriverManager.getConnection("jdbc:duckdb:" + project.root.resolve("warehouse.duckdb"));
  }

  private static List<String> rows(Statement statement, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i == 1 ? "" : "|").append(result.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
