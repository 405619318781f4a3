package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunService;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.FireStatus;
import io.tidemark.core.schedule.Scheduler;
import io.tidemark.core.schedule.SchedulerListener;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.warehouse.LazyWarehouse;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler against a real DuckDB warehouse and a real state store (each subclass names its
 * database), driven by a clock the test moves: no sleeps, no waits on real time.
 */
abstract class SchedulerContractTest {
  static final Duration TTL = Duration.ofSeconds(30);
  static final Duration RECHECK = Duration.ofMinutes(1);
  static final RunOwner OWNER = new RunOwner("scheduler-test", 1, Instant.EPOCH);
  static final AssetName STG_EVENTS = AssetName.parse("staging.stg_events");
  static final AssetName DAILY_TOTALS = AssetName.parse("marts.daily_totals");
  static final AssetName DAILY_REPORT = AssetName.parse("marts.daily_report");
  static final Executor DIRECT = Runnable::run;

  @TempDir Path root;
  final TestClock clock = new TestClock(Instant.parse("2024-01-05T02:59:00Z"));
  private final List<AutoCloseable> opened = new ArrayList<>();
  Project project;
  DuckDbWarehouse warehouse;
  JdbcStateStore store;

  /** The state store URL of the database under test; relative SQLite paths are in the project. */
  abstract String stateUrl();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
  }

  void setUp(String daily, String reporting, String sourceChecks, LocalDate lastEventDay) {
    ScheduledProject files =
        ScheduledProject.write(root, stateUrl(), daily, reporting, sourceChecks);
    project = files.load();
    warehouse = files.warehouseWithEvents(LocalDate.of(2024, 1, 1), lastEventDay);
    opened.add(warehouse);
    store = openStore();
  }

  /** Both pipelines nightly, with {@code daily} and {@code reporting} added to their settings. */
  void setUp(String daily, String reporting) {
    setUp(
        ScheduledProject.NIGHTLY + daily,
        ScheduledProject.NIGHTLY + reporting,
        "[]",
        LocalDate.of(2024, 1, 31));
  }

  JdbcStateStore openStore() {
    JdbcStateStore opened = StateStores.open(stateUrl(), root);
    this.opened.add(opened);
    return opened;
  }

  Scheduler scheduler(String holder, Executor runs, JdbcStateStore on) {
    return new Scheduler(
        project,
        warehouse,
        on,
        on.schedules(),
        clock,
        runs,
        new SchedulerOptions(holder, TTL, OWNER, owner -> false, RECHECK),
        SchedulerListener.NONE);
  }

  Scheduler scheduler(Executor runs) {
    return scheduler("server-a", runs, store);
  }

  /** Every fire, in the order they were recorded. */
  List<Fire> fires() {
    List<Fire> fires = new ArrayList<>(store.schedules().recentFires(1000));
    fires.sort(Comparator.comparingLong(Fire::id));
    return fires;
  }

  Fire fire(String schedule, String fireTime) {
    return fires().stream()
        .filter(f -> f.schedule().equals(schedule) && f.fireTime().equals(Instant.parse(fireTime)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no fire of " + schedule + " at " + fireTime));
  }

  /** The partitions of {@code asset} recorded as built, in key order. */
  List<String> built(AssetName asset) {
    return store.partitions(List.of(asset)).stream()
        .filter(state -> state.status() == PartitionStatus.MATERIALIZED)
        .map(PartitionState::partition)
        .sorted()
        .toList();
  }

  static List<String> days(int first, int last) {
    List<String> days = new ArrayList<>();
    for (int day = first; day <= last; day++) {
      days.add(LocalDate.of(2024, 1, day).toString());
    }
    return days;
  }

  @Test
  void aFirstFireBuildsEverythingDueAndEachLaterFireTheDayThatEnded() {
    setUp("", "");
    Scheduler scheduler = scheduler(DIRECT);

    assertThat(scheduler.tick()).isTrue();
    assertThat(fires()).isEmpty();

    clock.set("2024-01-05T03:00:00Z");
    scheduler.tick();
    scheduler.tick();

    assertThat(built(STG_EVENTS)).isEqualTo(days(1, 4));
    assertThat(built(DAILY_REPORT)).isEqualTo(days(1, 4));
    Fire first = fire("daily", "2024-01-05T03:00:00Z");
    assertThat(first.windowStart()).isEqualTo(Instant.EPOCH);
    assertThat(first.status()).isEqualTo(FireStatus.SUCCEEDED);
    assertThat(first.detail()).contains("8 of 8 tasks succeeded");
    Run run = store.findRun(first.runId()).orElseThrow();
    assertThat(run.trigger()).isEqualTo(RunTrigger.SCHEDULE);
    assertThat(run.selection()).isEqualTo("pipeline:daily");

    clock.set("2024-01-06T03:00:30Z");
    scheduler.tick();
    scheduler.tick();

    Fire second = fire("daily", "2024-01-06T03:00:00Z");
    assertThat(second.windowStart()).isEqualTo(Instant.parse("2024-01-05T03:00:00Z"));
    assertThat(store.findRun(second.runId()).orElseThrow().taskCount()).isEqualTo(2);
    assertThat(built(DAILY_TOTALS)).isEqualTo(days(1, 5));
    assertThat(built(DAILY_REPORT)).isEqualTo(days(1, 5));
    assertThat(fire("reporting", "2024-01-06T03:00:00Z").status()).isEqualTo(FireStatus.SUCCEEDED);
  }

  @Test
  void aRestartedSchedulerNeverFiresTwice() {
    setUp("", "");
    scheduler(DIRECT).tick();
    clock.set("2024-01-05T03:00:00Z");
    Scheduler first = scheduler(DIRECT);
    first.tick();
    first.tick();
    first.stop(Duration.ZERO);
    List<Fire> before = fires();
    int runs = store.recentRuns(100).size();

    Scheduler restarted = scheduler(DIRECT);
    clock.set("2024-01-05T03:10:00Z");
    restarted.tick();
    restarted.tick();

    assertThat(fires()).isEqualTo(before);
    assertThat(store.recentRuns(100)).hasSize(runs);
  }

  @Test
  void aSchedulerThatWasDownCatchesUpTheFiresOfItsCatchupWindow() {
    setUp("catchup: 2d", "");
    scheduler(DIRECT).tick();
    clock.set("2024-01-05T03:00:00Z");
    Scheduler scheduler = scheduler(DIRECT);
    scheduler.tick();
    scheduler.stop(Duration.ZERO);

    clock.set("2024-01-09T04:00:00Z");
    Scheduler restarted = scheduler(DIRECT);
    // A schedule runs one fire at a time: a tick starts the next once the one before ended.
    restarted.tick();
    restarted.tick();

    assertThat(fires().stream().filter(f -> f.schedule().equals("daily")).map(Fire::fireTime))
        .containsExactly(
            Instant.parse("2024-01-05T03:00:00Z"),
            Instant.parse("2024-01-08T03:00:00Z"),
            Instant.parse("2024-01-09T03:00:00Z"));
    // The fires of January 6 and 7, outside the window, were not made: their days stay unbuilt.
    assertThat(built(DAILY_TOTALS))
        .isEqualTo(List.of(days(1, 4), days(7, 8)).stream().flatMap(List::stream).toList());
  }

  @Test
  void withoutCatchupOnlyTheLatestMissedFireIsMade() {
    setUp("", "");
    scheduler(DIRECT).tick();
    clock.set("2024-01-05T03:00:00Z");
    scheduler(DIRECT).tick();

    clock.set("2024-01-09T04:00:00Z");
    scheduler(DIRECT).tick();

    assertThat(fires().stream().filter(f -> f.schedule().equals("daily")).map(Fire::fireTime))
        .containsExactly(
            Instant.parse("2024-01-05T03:00:00Z"), Instant.parse("2024-01-09T03:00:00Z"));
    assertThat(built(DAILY_TOTALS)).contains("2024-01-08").doesNotContain("2024-01-07");
  }

  @Test
  void aPipelineWaitsForTheFireOfThePipelineItRunsAfter() {
    setUp("", "after: [daily]");
    ManualExecutor runs = new ManualExecutor();
    Scheduler scheduler = scheduler(runs);
    scheduler.tick();
    clock.set("2024-01-05T03:00:00Z");

    scheduler.tick();

    assertThat(fire("daily", "2024-01-05T03:00:00Z").status()).isEqualTo(FireStatus.RUNNING);
    Fire waiting = fire("reporting", "2024-01-05T03:00:00Z");
    assertThat(waiting.status()).isEqualTo(FireStatus.WAITING);
    assertThat(waiting.detail())
        .isEqualTo("waiting for: pipeline daily's fire of 2024-01-05T03:00:00Z (running)");
    assertThat(runs.queued()).isEqualTo(1);

    runs.runAll();
    scheduler.tick();
    runs.runAll();

    assertThat(fire("reporting", "2024-01-05T03:00:00Z").status()).isEqualTo(FireStatus.SUCCEEDED);
    assertThat(built(DAILY_REPORT)).isEqualTo(days(1, 4));
  }

  @Test
  void aFireDoesNotWaitForInputsThatFailedSoFiresDoNotPileUp() {
    // daily runs on demand; a backfill of it failed and left daily_totals failed.
    setUp("", ScheduledProject.NIGHTLY + "wait_timeout: 2d", "[]", LocalDate.of(2024, 1, 31));
    List<PartitionState> failed = new ArrayList<>();
    for (String day : days(1, 7)) {
      failed.add(
          new PartitionState(
              DAILY_TOTALS,
              day,
              PartitionStatus.FAILED,
              Lineage.MISSING,
              "",
              "",
              TaskStatistics.NONE,
              "",
              0,
              clock.instant()));
    }
    store.putPartitions(failed);
    Scheduler scheduler = scheduler(DIRECT);
    scheduler.tick();
    clock.set("2024-01-05T03:00:00Z");

    scheduler.tick();

    Fire fire = fire("reporting", "2024-01-05T03:00:00Z");
    assertThat(fire.status()).isEqualTo(FireStatus.FAILED);
    assertThat(fire.runId()).isZero();
    assertThat(fire.detail())
        .startsWith("not run: inputs failed")
        .contains("marts.daily_totals 2024-01-04 (failed)");
    for (String day : List.of("06", "07", "08")) {
      clock.set("2024-01-" + day + "T03:00:00Z");
      scheduler.tick();
    }
    assertThat(store.schedules().openFires()).isEmpty();
    assertThat(fires())
        .filteredOn(f -> f.schedule().equals("reporting"))
        .hasSize(4)
        .allSatisfy(f -> assertThat(f.status()).isEqualTo(FireStatus.FAILED));
    assertThat(built(DAILY_REPORT)).isEmpty();
  }

  @Test
  void aFireWaitingForItsInputsIsSupersededByItsScheduleNextFire() {
    // daily has no schedule here: nothing builds what reporting reads until a backfill does.
    setUp("", ScheduledProject.NIGHTLY + "wait_timeout: 7d", "[]", LocalDate.of(2024, 1, 31));
    Scheduler scheduler = scheduler(DIRECT);
    scheduler.tick();
    clock.set("2024-01-05T03:00:00Z");
    scheduler.tick();
    assertThat(fire("reporting", "2024-01-05T03:00:00Z").status()).isEqualTo(FireStatus.WAITING);

    clock.set("2024-01-06T03:00:00Z");
    scheduler.tick();
    clock.set("2024-01-07T03:00:00Z");
    scheduler.tick();

    // One fire waits, over the window of the three.
    Fire waiting = store.schedules().openFires().stream().collect(onlyOne());
    assertThat(waiting.fireTime()).isEqualTo(Instant.parse("2024-01-07T03:00:00Z"));
    assertThat(waiting.windowStart()).isEqualTo(Instant.EPOCH);
    assertThat(waiting.detail()).contains("marts.daily_totals 2024-01-01 (not built)");
    Fire first = fire("reporting", "2024-01-05T03:00:00Z");
    assertThat(first.status()).isEqualTo(FireStatus.SUPERSEDED);
    assertThat(first.detail())
        .startsWith(
            "superseded by the fire of 2024-01-06T03:00:00Z, which builds its partitions too"
                + " (waiting for: marts.daily_totals 2024-01-01 (not built)");
    assertThat(fire("reporting", "2024-01-06T03:00:00Z").status()).isEqualTo(FireStatus.SUPERSEDED);

    // A backfill builds daily's partitions: the one fire left builds every partition of the three.
    new RunService(project, warehouse, store, clock)
        .backfill(
            "pipeline:daily",
            TimeRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 6)),
            false,
            new RunOptions(1, 0, Duration.ZERO),
            RunListener.NONE,
            new Cancellation());
    clock.set("2024-01-07T03:01:00Z");
    scheduler.tick();
    assertThat(fire("reporting", "2024-01-07T03:00:00Z").status()).isEqualTo(FireStatus.SUCCEEDED);
    assertThat(built(DAILY_REPORT)).isEqualTo(days(1, 6));
    assertThat(store.recentRuns(10)).filteredOn(r -> r.trigger() == RunTrigger.SCHEDULE).hasSize(1);
  }

  private static <T> java.util.stream.Collector<T, ?, T> onlyOne() {
    return java.util.stream.Collectors.collectingAndThen(
        java.util.stream.Collectors.toList(),
        list -> {
          assertThat(list).hasSize(1);
          return list.get(0);
        });
  }

  @Test
  void aFireWaitsForInputsNotBuiltAndGivesUpAfterItsWaitTimeout() {
    // daily has no schedule here: nothing builds what reporting reads.
    setUp("", ScheduledProject.NIGHTLY + "wait_timeout: 2h", "[]", LocalDate.of(2024, 1, 31));
    Scheduler scheduler = scheduler(DIRECT);
    scheduler.tick();
    clock.set("2024-01-05T03:00:00Z");

    scheduler.tick();

    Fire waiting = fire("reporting", "2024-01-05T03:00:00Z");
    assertThat(waiting.status()).isEqualTo(FireStatus.WAITING);
    assertThat(waiting.detail())
        .isEqualTo(
            "waiting for: marts.daily_totals 2024-01-01 (not built);"
                + " marts.daily_totals 2024-01-02 (not built);"
                + " marts.daily_totals 2024-01-03 (not built);"
                + " marts.daily_totals 2024-01-04 (not built)");

    clock.set("2024-01-05T04:59:59Z");
    scheduler.tick();
    assertThat(fire("reporting", "2024-01-05T03:00:00Z").status()).isEqualTo(FireStatus.WAITING);

    clock.set("2024-01-05T05:00:00Z");
    scheduler.tick();
    Fire gaveUp = fire("reporting", "2024-01-05T03:00:00Z");
    assertThat(gaveUp.status()).isEqualTo(FireStatus.TIMED_OUT);
    assertThat(gaveUp.detail())
        .startsWith("gave up after waiting PT2H for: marts.daily_totals 2024-01-01 (not built)");
    assertThat(store.recentRuns(10)).isEmpty();
  }

  @Test
  void aFireWaitsForSourceDataToArriveAndLooksAgainOnlyAfterItsRecheck() {
    setUp(
        ScheduledProject.NIGHTLY,
        "",
        "[{freshness: {warn_after: 1h, error_after: 6h}}]",
        LocalDate.of(2024, 1, 4));
    Scheduler scheduler = scheduler(DIRECT);
    scheduler.tick();
    clock.set("2024-01-05T03:00:00Z");
    scheduler.tick();
    assertThat(built(DAILY_TOTALS)).isEqualTo(days(1, 4));

    clock.set("2024-01-06T03:00:00Z");
    scheduler.tick();
    assertThat(fire("daily", "2024-01-06T03:00:00Z").detail())
        .isEqualTo("waiting for: raw.events 2024-01-05 (not arrived)");

    ScheduledProject.addEvents(warehouse, LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 5));
    clock.set("2024-01-06T03:00:59Z");
    scheduler.tick();
    assertThat(fire("daily", "2024-01-06T03:00:00Z").status()).isEqualTo(FireStatus.WAITING);

    clock.set("2024-01-06T03:01:00Z");
    scheduler.tick();
    assertThat(fire("daily", "2024-01-06T03:00:00Z").status()).isEqualTo(FireStatus.SUCCEEDED);
    assertThat(built(DAILY_TOTALS)).isEqualTo(days(1, 5));
  }

  @Test
  void aFireWhosePlanCannotBeMadeWaitsAndTriesAgainAfterItsRecheck() {
    setUp("", "");
    java.util.concurrent.atomic.AtomicBoolean locked =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    LazyWarehouse elsewhere =
        new LazyWarehouse(
            () -> {
              if (locked.get()) {
                throw new io.tidemark.core.TidemarkException(
                    io.tidemark.core.ErrorCode.WAREHOUSE,
                    "the warehouse file is in use by another process");
              }
              return warehouse;
            });
    Scheduler scheduler =
        new Scheduler(
            project,
            elsewhere,
            store,
            store.schedules(),
            clock,
            DIRECT,
            new SchedulerOptions("server-a", TTL, OWNER, owner -> false, RECHECK),
            SchedulerListener.NONE);
    scheduler.tick();
    clock.set("2024-01-05T03:00:00Z");

    scheduler.tick();

    assertThat(fire("daily", "2024-01-05T03:00:00Z").detail())
        .isEqualTo("waiting for: a plan (the warehouse file is in use by another process)");
    locked.set(false);
    scheduler.tick();
    assertThat(fire("daily", "2024-01-05T03:00:00Z").status()).isEqualTo(FireStatus.WAITING);

    clock.set("2024-01-05T03:01:00Z");
    scheduler.tick();
    assertThat(fire("daily", "2024-01-05T03:00:00Z").status()).isEqualTo(FireStatus.SUCCEEDED);
  }

  @Test
  void onlyTheLeaseHolderFiresAndAnotherTakesOverWhenItStopsRenewing() {
    setUp("", "");
    Scheduler first = scheduler("server-a", DIRECT, store);
    Scheduler second = scheduler("server-b", DIRECT, openStore());

    assertThat(first.tick()).isTrue();
    assertThat(second.tick()).isFalse();
    clock.set("2024-01-05T02:59:29Z");
    assertThat(second.tick()).isFalse();
    clock.set("2024-01-05T03:00:00Z");
    assertThat(first.tick()).isTrue();
    clock.set("2024-01-05T03:00:10Z");
    assertThat(second.tick()).isFalse();
    assertThat(first.tick()).isTrue();
    assertThat(fires()).hasSize(2);

    // server-a dies: its lease of 30 s, renewed at 03:00:10, runs out at 03:00:40.
    clock.set("2024-01-05T03:00:39Z");
    assertThat(second.tick()).isFalse();
    clock.set("2024-01-06T03:00:00Z");
    assertThat(second.tick()).isTrue();
    assertThat(fire("daily", "2024-01-06T03:00:00Z").status()).isEqualTo(FireStatus.SUCCEEDED);
    assertThat(first.tick()).isFalse();
    assertThat(fires()).hasSize(4);
  }

  @Test
  void aFireWhoseRunNeverStartedIsResumedByTheNextHolder() {
    setUp("", "");
    Scheduler dies = scheduler("server-a", new ManualExecutor(), store);
    dies.tick();
    clock.set("2024-01-05T03:00:00Z");
    dies.tick();
    assertThat(fire("daily", "2024-01-05T03:00:00Z").status()).isEqualTo(FireStatus.RUNNING);

    clock.set("2024-01-05T03:00:31Z");
    Scheduler next = scheduler("server-b", DIRECT, openStore());
    next.tick();

    Fire resumed = fire("daily", "2024-01-05T03:00:00Z");
    assertThat(resumed.status()).isEqualTo(FireStatus.SUCCEEDED);
    assertThat(built(DAILY_TOTALS)).isEqualTo(days(1, 4));
  }

  @Test
  void aRunInterruptedByAStopIsResumedByTheNextScheduler() {
    setUp("", "");
    ManualExecutor runs = new ManualExecutor();
    Scheduler stopping = scheduler("server-a", runs, store);
    stopping.tick();
    clock.set("2024-01-05T03:00:00Z");
    stopping.tick();

    stopping.stopFiring();
    runs.runAll();
    assertThat(stopping.stop(Duration.ZERO)).isTrue();

    Fire interrupted = fire("daily", "2024-01-05T03:00:00Z");
    assertThat(interrupted.status()).isEqualTo(FireStatus.RUNNING);
    Run run = store.findRun(interrupted.runId()).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(store.schedules().lease().holder()).isEmpty();

    Scheduler next = scheduler("server-b", DIRECT, openStore());
    next.tick();

    Fire resumed = fire("daily", "2024-01-05T03:00:00Z");
    assertThat(resumed.status()).isEqualTo(FireStatus.SUCCEEDED);
    assertThat(resumed.runId()).isNotEqualTo(run.id());
    assertThat(built(DAILY_TOTALS)).isEqualTo(days(1, 4));
  }
}
