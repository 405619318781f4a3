package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.FireStatus;
import io.tidemark.core.schedule.Scheduler;
import io.tidemark.core.schedule.SchedulerListener;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fires that fall due at one instant start together: one execution, one task pool, and still a run
 * of its own for each fire, ending on its own. Three pipelines of one model each, all at 03:00; the
 * model of p1 raises an error when it runs, so its fire fails. Real DuckDB and SQLite; the clock is
 * moved by the test.
 */
class FiresTogetherTest {
  private static final RunOwner OWNER = new RunOwner("fires-together-test", 1, Instant.EPOCH);

  @TempDir Path root;
  private final TestClock clock = new TestClock(Instant.parse("2024-01-05T02:59:00Z"));
  private final List<AutoCloseable> opened = new ArrayList<>();
  private Project project;
  private DuckDbWarehouse warehouse;
  private JdbcStateStore store;

  @BeforeEach
  void writeProject() throws Exception {
    Files.createDirectories(root.resolve("models"));
    Files.writeString(
        root.resolve("tidemark.yml"),
        """
        name: together
        start: 2024-01-01
        warehouse: {type: duckdb, path: warehouse.duckdb}
        state: {url: "jdbc:sqlite:.tidemark/state.db"}
        run: {threads: 1, retries: 1, retry_backoff: 0s}
        pipelines:
          p0: {schedule: "0 3 * * *"}
          p1: {schedule: "0 3 * * *"}
          p2: {schedule: "0 3 * * *"}
        """);
    Files.writeString(
        root.resolve("models/models.yml"),
        """
        models:
          - {name: m0, pipeline: p0}
          - {name: m1, pipeline: p1}
          - {name: m2, pipeline: p2}
        """);
    Files.writeString(root.resolve("models/m0.sql"), "select 0 as x");
    Files.writeString(root.resolve("models/m1.sql"), "select error('m1 fails') as x");
    Files.writeString(root.resolve("models/m2.sql"), "select 2 as x");
    try (DuckDbWarehouse parser = DuckDbWarehouse.openInMemory()) {
      project = new ProjectLoader(parser::parse).load(root);
    }
    warehouse = DuckDbWarehouse.open(root.resolve("warehouse.duckdb"));
    opened.add(warehouse);
    store = openStore();
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private JdbcStateStore openStore() {
    JdbcStateStore opened = StateStores.open("jdbc:sqlite:.tidemark/state.db", root);
    this.opened.add(opened);
    return opened;
  }

  private Scheduler scheduler(String holder, Executor runs, JdbcStateStore on) {
    return new Scheduler(
        project,
        warehouse,
        on,
        on.schedules(),
        clock,
        runs,
        new SchedulerOptions(
            holder, Duration.ofSeconds(30), OWNER, owner -> false, Duration.ofMinutes(1)),
        SchedulerListener.NONE);
  }

  private Map<String, Fire> fires() {
    return store.schedules().recentFires(100).stream()
        .collect(Collectors.toMap(Fire::schedule, Function.identity()));
  }

  private List<Run> runs() {
    List<Run> runs = new ArrayList<>(store.recentRuns(100));
    runs.sort(Comparator.comparingLong(Run::id));
    return runs;
  }

  @Test
  void firesDueTogetherShareOneExecutionAndEachKeepsItsOwnRun() {
    AtomicInteger executions = new AtomicInteger();
    Scheduler scheduler =
        scheduler(
            "server-a",
            work -> {
              executions.incrementAndGet();
              work.run();
            },
            store);
    scheduler.tick();
    clock.set("2024-01-05T03:00:00Z");

    scheduler.tick();

    assertThat(executions).hasValue(1);
    Map<String, Fire> fires = fires();
    assertThat(fires).containsOnlyKeys("p0", "p1", "p2");
    assertThat(fires.values().stream().map(Fire::runId).distinct()).hasSize(3);
    for (Fire fire : fires.values()) {
      Run run = store.findRun(fire.runId()).orElseThrow();
      assertThat(run.selection()).isEqualTo("pipeline:" + fire.schedule());
      assertThat(run.trigger()).isEqualTo(RunTrigger.SCHEDULE);
      assertThat(run.taskCount()).isEqualTo(1);
      String model = "main.m" + fire.schedule().substring(1);
      assertThat(store.attempts(run.id()))
          .isNotEmpty()
          .allSatisfy(attempt -> assertThat(attempt.asset()).isEqualTo(AssetName.parse(model)));
    }
    assertThat(runs()).hasSize(3);
  }

  @Test
  void oneFireFailingDoesNotFailTheOthers() {
    Scheduler scheduler = scheduler("server-a", Runnable::run, store);
    scheduler.tick();
    clock.set("2024-01-05T03:00:00Z");

    scheduler.tick();

    Map<String, Fire> fires = fires();
    assertThat(fires.get("p0").status()).isEqualTo(FireStatus.SUCCEEDED);
    assertThat(fires.get("p2").status()).isEqualTo(FireStatus.SUCCEEDED);
    assertThat(fires.get("p1").status()).isEqualTo(FireStatus.FAILED);
    assertThat(fires.get("p1").detail()).contains("0 of 1 tasks succeeded, 1 failed");
    assertThat(store.findRun(fires.get("p0").runId()).orElseThrow().status())
        .isEqualTo(RunStatus.SUCCEEDED);
    assertThat(store.findRun(fires.get("p2").runId()).orElseThrow().status())
        .isEqualTo(RunStatus.SUCCEEDED);
    Run failed = store.findRun(fires.get("p1").runId()).orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    // As in a run of its own: the error is the warehouse's, under the failed fire's run, and a
    // query error is not retried (retries are for errors that may pass).
    List<TaskAttempt> attempts = store.attempts(failed.id());
    assertThat(attempts)
        .singleElement()
        .satisfies(
            attempt -> {
              assertThat(attempt.status()).isEqualTo(TaskStatus.FAILED);
              assertThat(attempt.message()).contains("m1 fails");
            });
    assertThat(store.attempts(fires.get("p0").runId())).hasSize(1);
  }

  @Test
  void cancellingOneRunStartedTogetherStopsItAloneAndTheOthersGoOn() throws Exception {
    // p3: two models, the second reading the first; its run is cancelled once its first starts.
    Files.writeString(
        root.resolve("tidemark.yml"),
        Files.readString(root.resolve("tidemark.yml")) + "  p3: {schedule: \"0 3 * * *\"}\n");
    Files.writeString(
        root.resolve("models/models.yml"),
        Files.readString(root.resolve("models/models.yml"))
            + "  - {name: m3a, pipeline: p3}\n  - {name: m3b, pipeline: p3}\n");
    Files.writeString(root.resolve("models/m3a.sql"), "select 3 as x");
    Files.writeString(root.resolve("models/m3b.sql"), "select x + 1 as y from {{ ref('m3a') }}");
    try (DuckDbWarehouse parser = DuckDbWarehouse.openInMemory()) {
      project = new ProjectLoader(parser::parse).load(root);
    }
    Map<String, Long> runIds = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicReference<Scheduler> scheduler =
        new java.util.concurrent.atomic.AtomicReference<>();
    scheduler.set(
        new Scheduler(
            project,
            warehouse,
            store,
            store.schedules(),
            clock,
            Runnable::run,
            new SchedulerOptions(
                "server-a", Duration.ofSeconds(30), OWNER, owner -> false, Duration.ofMinutes(1)),
            new SchedulerListener() {
              @Override
              public void runStarted(Fire fire, Run run) {
                runIds.put(fire.schedule(), run.id());
              }

              @Override
              public io.tidemark.core.run.RunListener runListener(Fire fire) {
                return new io.tidemark.core.run.RunListener() {
                  @Override
                  public void taskStarted(io.tidemark.core.plan.Task task, int attempt) {
                    if (task.asset().equals(AssetName.parse("main.m3a"))) {
                      scheduler.get().cancelRun(runIds.get("p3"), "the test");
                    }
                  }
                };
              }
            }));
    scheduler.get().tick();
    clock.set("2024-01-05T03:00:00Z");

    scheduler.get().tick();

    Map<String, Fire> fires = fires();
    assertThat(fires.get("p3").status()).isEqualTo(FireStatus.CANCELLED);
    assertThat(fires.get("p3").detail()).startsWith("cancelled by the test");
    Run cancelled = store.findRun(runIds.get("p3")).orElseThrow();
    assertThat(cancelled.status()).isEqualTo(RunStatus.INTERRUPTED);
    // m3b never started; m3a, in flight when asked, finished.
    assertThat(store.attempts(cancelled.id()))
        .extracting(TaskAttempt::asset)
        .containsExactly(AssetName.parse("main.m3a"));
    for (String other : List.of("p0", "p2")) {
      assertThat(fires.get(other).status()).isEqualTo(FireStatus.SUCCEEDED);
      assertThat(store.findRun(fires.get(other).runId()).orElseThrow().status())
          .isEqualTo(RunStatus.SUCCEEDED);
    }
    assertThat(fires.get("p1").status()).isEqualTo(FireStatus.FAILED);
  }

  @Test
  void aRestartRunsFiresStartedTogetherOnceAndNeverFiresAgain() {
    // server-a records the fires and hands them to its runs, then dies before they run.
    ManualExecutor neverRun = new ManualExecutor();
    Scheduler dies = scheduler("server-a", neverRun, store);
    dies.tick();
    clock.set("2024-01-05T03:00:00Z");
    dies.tick();
    assertThat(neverRun.queued()).isEqualTo(1);
    assertThat(fires().values())
        .allSatisfy(fire -> assertThat(fire.status()).isEqualTo(FireStatus.RUNNING));
    assertThat(runs()).isEmpty();

    // Its lease runs out; server-b takes over and starts each fire's run once.
    clock.set("2024-01-05T03:00:31Z");
    Scheduler next = scheduler("server-b", Runnable::run, openStore());
    assertThat(next.tick()).isTrue();
    assertThat(runs()).hasSize(3);
    assertThat(fires().get("p0").status()).isEqualTo(FireStatus.SUCCEEDED);

    // A later restart, and more ticks within the day: no fire again, no run again.
    clock.set("2024-01-05T04:00:00Z");
    Scheduler restarted = scheduler("server-b", Runnable::run, openStore());
    restarted.tick();
    next.tick();
    assertThat(store.schedules().recentFires(100)).hasSize(3);
    assertThat(runs()).hasSize(3);

    // The next day's fires: each recorded once, and each run it needs started once.
    clock.set("2024-01-06T03:00:00Z");
    restarted.tick();
    restarted.tick();
    List<Fire> nextDay =
        store.schedules().recentFires(100).stream()
            .filter(fire -> fire.fireTime().equals(Instant.parse("2024-01-06T03:00:00Z")))
            .toList();
    assertThat(nextDay).hasSize(3).allSatisfy(fire -> assertThat(fire.status().isOpen()).isFalse());
    List<Long> nextDayRuns = nextDay.stream().map(Fire::runId).filter(id -> id != 0).toList();
    assertThat(nextDayRuns).doesNotHaveDuplicates().isNotEmpty();
    assertThat(runs()).hasSize(3 + nextDayRuns.size());
  }
}
