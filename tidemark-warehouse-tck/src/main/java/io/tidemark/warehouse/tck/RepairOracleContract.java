package io.tidemark.warehouse.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.core.repair.RepairProposal;
import io.tidemark.core.repair.RepairService;
import io.tidemark.core.repair.RepairTarget;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunService;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.source.SourceService;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repair oracle every engine passes: a project built on the engine, a source day damaged and
 * repaired, the day restored and repaired again, and then every table of the project holds exactly
 * the rows it held after the first build. The project reads the source through each partition
 * mapping (same day, a trailing window, every partition) and a table rebuilt whole, in the SQL the
 * engines share.
 */
public abstract class RepairOracleContract {
  private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
  private static final LocalDate LAST = FIRST.plusDays(6);
  private static final LocalDate DAMAGED = FIRST.plusDays(3);
  private static final AssetName EVENTS = AssetName.parse("raw.events");
  private static final Clock CLOCK =
      Clock.fixed(LAST.plusDays(1).atTime(6, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  private static final RunOptions OPTIONS = new RunOptions(2, 0, Duration.ZERO);

  @TempDir protected Path projectRoot;

  private Warehouse warehouse;
  private JdbcStateStore store;
  private Project project;

  /** A new warehouse holding nothing, which the test closes. */
  protected abstract Warehouse openEmptyWarehouse();

  @BeforeEach
  void buildProject() throws IOException {
    warehouse = openEmptyWarehouse();
    // Models see the engine as target.type; the warehouse itself is the one opened above.
    write(
        "tidemark.yml",
        "name: oracle\nstart: " + FIRST + "\nwarehouse:\n  type: " + warehouse.name() + "\n");
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
        "models/marts/daily.sql",
        """
        select event_date, count(*) as events, count(distinct user_id) as users,
               sum(amount) as amount
        from {{ ref('stg_events') }}
        where event_date = date '{{ partition_start }}'
        group by event_date
        """);
    write(
        "models/marts/users_3d.sql",
        """
        select date '{{ partition_start }}' as activity_date, count(distinct user_id) as users,
               coalesce(sum(amount), 0) as amount
        from {{ ref('stg_events') }}
        where event_date > date '{{ partition_start }}' - 3
          and event_date <= date '{{ partition_start }}'
        """);
    write(
        "models/marts/totals.sql",
        """
        select user_id, count(*) as days, sum(amount) as amount
        from {{ ref('daily_by_user') }}
        group by user_id
        """);
    write(
        "models/marts/daily_by_user.sql",
        """
        select event_date, user_id, sum(amount) as amount
        from {{ ref('stg_events') }}
        where event_date = date '{{ partition_start }}'
        group by event_date, user_id
        """);
    write(
        "models/models.yml",
        """
        models:
          - name: stg_events
            partitioning: {grain: day, column: event_date}
          - name: daily
            partitioning: {grain: day, column: event_date}
          - name: daily_by_user
            partitioning: {grain: day, column: event_date}
          - name: users_3d
            partitioning: {grain: day, column: activity_date}
            depends_on:
              - ref: stg_events
                mapping: window(3)
          - name: totals
            materialized: table
        """);
    try (WarehouseSession session = warehouse.openSession()) {
      session.execute(session.dialect().createSchemaIfNotExists("raw"));
      session.execute(
          "create table raw.events (event_time timestamp, user_id bigint, amount bigint)");
      for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
        insertDay(session, day);
      }
    }
    project = new ProjectLoader(warehouse::parse).load(projectRoot);
    store = StateStores.open("jdbc:sqlite:" + projectRoot.resolve("state.db"), projectRoot);
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    if (warehouse != null) {
      warehouse.close();
    }
  }

  @Test
  void damagingASourceDayAndRepairingTwiceRestoresEveryTable() {
    RunService runs = new RunService(project, warehouse, store, CLOCK);
    RunSummary build =
        runs.backfill(
                "",
                TimeRange.ofDays(FIRST, LAST),
                false,
                OPTIONS,
                RunListener.NONE,
                new Cancellation())
            .summary()
            .orElseThrow();
    assertThat(build.status()).as(build.failures().toString()).isEqualTo(RunStatus.SUCCEEDED);
    SourceService sources = new SourceService(project, warehouse, store, CLOCK);
    sources.scan("", TimeRange.ofDays(FIRST, LAST));
    Map<String, List<String>> original = everyTable();
    assertThat(original.get("marts.daily")).hasSize(7);
    assertThat(original.get("marts.totals")).isNotEmpty();

    try (WarehouseSession session = warehouse.openSession()) {
      String day = session.dialect().partitionPredicate("event_time", dayKey(DAMAGED));
      // Rows lost, an amount changed.
      replaceEvents(
          session,
          "select event_time, user_id, case when "
              + day
              + " and user_id = 1 then amount + 1000 else amount end as amount from raw.events"
              + " where not ("
              + day
              + " and user_id % 3 = 0)");
    }
    repair();
    Map<String, List<String>> damaged = everyTable();
    for (String table :
        List.of(
            "staging.stg_events",
            "marts.daily",
            "marts.daily_by_user",
            "marts.users_3d",
            "marts.totals")) {
      assertThat(damaged.get(table))
          .as("%s after the damage", table)
          .isNotEqualTo(original.get(table));
    }

    try (WarehouseSession session = warehouse.openSession()) {
      replaceEvents(
          session,
          "select event_time, user_id, amount from raw.events where not "
              + session.dialect().partitionPredicate("event_time", dayKey(DAMAGED)));
      insertDay(session, DAMAGED);
    }
    repair();

    assertThat(everyTable()).isEqualTo(original);
  }

  private void repair() {
    new SourceService(project, warehouse, store, CLOCK).scan("", TimeRange.ofDays(FIRST, LAST));
    RepairService repairs = new RepairService(project, warehouse, store, CLOCK);
    RepairProposal proposal =
        repairs.propose(new RepairTarget.Days(EVENTS, DAMAGED, DAMAGED), "", "");
    Repair repair = repairs.store(proposal, false, "contract");
    RunSummary summary =
        repairs.run(
            repair, proposal.plan().taskList(), OPTIONS, RunListener.NONE, new Cancellation());
    assertThat(summary.status()).as(summary.failures().toString()).isEqualTo(RunStatus.SUCCEEDED);
  }

  /** Every model's rows as text, sorted, by table. */
  private Map<String, List<String>> everyTable() {
    Map<String, List<String>> tables = new TreeMap<>();
    try (WarehouseSession session = warehouse.openSession()) {
      for (Asset asset : project.assets().values()) {
        if (!asset.isModel()) {
          continue;
        }
        QueryResult result =
            session.query("select * from " + session.dialect().relation(asset.name()), 100_000);
        List<String> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
          rows.add(row.stream().map(RepairOracleContract::text).collect(Collectors.joining("|")));
        }
        rows.sort(null);
        tables.put(asset.name().toString(), rows);
      }
    }
    return tables;
  }

  /** Numbers compared by value, so that 12.50 and 12.5 from two reads are one value. */
  private static String text(Object value) {
    return value instanceof java.math.BigDecimal decimal
        ? decimal.stripTrailingZeros().toPlainString()
        : String.valueOf(value);
  }

  private static io.tidemark.core.partition.PartitionKey dayKey(LocalDate day) {
    return io.tidemark.core.partition.PartitionKey.day(day);
  }

  /**
   * Replaces every row of {@code raw.events} by the rows of {@code select}, as a loader that loads
   * the source again would. Spark's Parquet tables take no {@code delete} or {@code update}; the
   * rows go through a copy, because an engine may not overwrite a table with a query reading it.
   */
  private static void replaceEvents(WarehouseSession session, String select) {
    session.execute("create table raw.events_kept as " + select);
    session.execute("drop table raw.events");
    session.execute(
        "create table raw.events (event_time timestamp, user_id bigint, amount bigint)");
    session.execute(
        "insert into raw.events select event_time, user_id, amount from raw.events_kept");
    session.execute("drop table raw.events_kept");
  }

  /** Ten events a day, from users 0..4, amounts that differ by day. */
  private static void insertDay(WarehouseSession session, LocalDate day) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(
          "("
              + session.dialect().timestamp(day.atTime(i, 15))
              + ", "
              + i % 5
              + ", "
              + (day.getDayOfMonth() * 100 + i)
              + ")");
    }
    session.execute("insert into raw.events values " + String.join(", ", rows));
  }

  private void write(String file, String text) throws IOException {
    Path path = projectRoot.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }
}
