package io.tidemark.store;

import static io.tidemark.store.StateFixtures.ALIVE;
import static io.tidemark.store.StateFixtures.GONE;
import static io.tidemark.store.StateFixtures.STATISTICS;
import static io.tidemark.store.StateFixtures.T0;
import static io.tidemark.store.StateFixtures.asset;
import static io.tidemark.store.StateFixtures.at;
import static io.tidemark.store.StateFixtures.materialized;
import static io.tidemark.store.StateFixtures.newRun;
import static io.tidemark.store.StateFixtures.state;
import static io.tidemark.store.StateFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionIndex;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.state.AttemptMeans;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.core.warehouse.EngineUsage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} does: runs, attempts and partition states here, incidents and
 * repairs in {@link RepairStoreContract}, check results in {@link CheckResultStoreContract};
 * subclasses run all of it against each database.
 */
abstract class StateStoreContractTest
    implements IncidentStoreContract,
        RepairStoreContract,
        CheckResultStoreContract,
        RowCountStoreContract,
        PartitionStoreContract,
        ScheduleStoreContract,
        QueuedRunStoreContract,
        AttemptUsageStoreContract {
  private static final io.tidemark.core.asset.AssetName ATTEMPT_ASSET =
      io.tidemark.core.asset.AssetName.parse("marts.orders");

  protected StateStore store;

  @Override
  public StateStore store() {
    return store;
  }

  @BeforeEach
  void openTheStore() {
    store = openStore();
  }

  @AfterEach
  void closeTheStore() {
    store.close();
  }

  @Test
  void createdRunIsRunningAndCanBeFound() {
    NewRun newRun = newRun();

    Run run = store.createRun(newRun);

    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.ended()).isEmpty();
    assertThat(run.trigger()).isEqualTo(newRun.trigger());
    assertThat(run.selection()).isEqualTo(newRun.selection());
    assertThat(run.rangeStart()).isEqualTo(newRun.rangeStart());
    assertThat(run.rangeEnd()).isEqualTo(newRun.rangeEnd());
    assertThat(run.taskCount()).isEqualTo(newRun.taskCount());
    assertThat(run.startedAt()).isEqualTo(newRun.startedAt());
    assertThat(run.owner()).isEqualTo(newRun.owner());
    assertThat(store.findRun(run.id())).contains(run);
  }

  @Test
  void attemptLogsAreKeptPerAttemptAndReadPerRun() {
    Run run = store.createRun(newRun());
    Run other = store.createRun(newRun());
    long first = store.startAttempt(run.id(), ATTEMPT_ASSET, "2024-03-05", 1, T0);
    long second = store.startAttempt(run.id(), ATTEMPT_ASSET, "2024-03-05", 2, T0);
    long elsewhere = store.startAttempt(other.id(), ATTEMPT_ASSET, "2024-03-05", 1, T0);
    String longLog = "x".repeat(20_000) + "\nlast line ü";

    store.recordAttemptLog(run.id(), first, "error: wrong");
    store.recordAttemptLog(run.id(), first, "error: table missing\ncaused by: nothing");
    store.recordAttemptLog(run.id(), second, longLog);
    store.recordAttemptLog(other.id(), elsewhere, "other run");

    assertThat(store.attemptLogs(run.id()))
        .containsExactly(
            Map.entry(first, "error: table missing\ncaused by: nothing"),
            Map.entry(second, longLog));
    assertThat(store.attemptLogs(other.id())).containsOnlyKeys(elsewhere);
    assertThat(store.attemptLogs(999_999)).isEmpty();
  }

  @Test
  void runsGetDistinctIds() {
    long first = store.createRun(newRun()).id();
    long second = store.createRun(newRun()).id();

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void runsWithEmptyRangesKeepThem() {
    NewRun unbounded = new NewRun(newRun().trigger(), "all", "", "", 0, T0, newRun().owner());

    Run run = store.createRun(unbounded);

    assertThat(store.findRun(run.id()).orElseThrow().rangeStart()).isEmpty();
    assertThat(store.findRun(run.id()).orElseThrow().rangeEnd()).isEmpty();
  }

  @Test
  void instantsAreKeptToTheMillisecond() {
    Instant precise = Instant.parse("2024-03-05T10:15:30.123456789Z");

    Run run = store.createRun(newRun(precise, ALIVE));

    Instant millis = Instant.parse("2024-03-05T10:15:30.123Z");
    assertThat(run.startedAt()).isEqualTo(millis);
    assertThat(store.findRun(run.id()).orElseThrow().startedAt()).isEqualTo(millis);
  }

  @Test
  void finishRunRecordsStatusAndEnd() {
    Run run = store.createRun(newRun());

    store.finishRun(run.id(), RunStatus.FAILED, at(60));

    Run finished = store.findRun(run.id()).orElseThrow();
    assertThat(finished.status()).isEqualTo(RunStatus.FAILED);
    assertThat(finished.ended()).contains(at(60));
  }

  @Test
  void finishingAnUnknownRunFails() {
    assertThatThrownBy(() -> store.finishRun(987_654, RunStatus.SUCCEEDED, at(60)))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("987654")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.STATE_STORE);
  }

  @Test
  void findRunIsEmptyForAnUnknownRun() {
    assertThat(store.findRun(987_654)).isEmpty();
  }

  @Test
  void recentRunsAreNewestFirst() {
    Run oldest = store.createRun(newRun(at(0), ALIVE));
    Run newest = store.createRun(newRun(at(7200), ALIVE));
    Run middle = store.createRun(newRun(at(3600), ALIVE));

    assertThat(store.recentRuns(10)).containsExactly(newest, middle, oldest);
    assertThat(store.recentRuns(2)).containsExactly(newest, middle);
    assertThat(store.recentRuns(0)).isEmpty();
  }

  @Test
  void runningRunsExcludeFinishedRuns() {
    Run running = store.createRun(newRun(at(0), ALIVE));
    Run finished = store.createRun(newRun(at(1), ALIVE));
    store.finishRun(finished.id(), RunStatus.SUCCEEDED, at(2));

    assertThat(store.runningRuns()).containsExactly(running);
  }

  @Test
  void markInterruptedOnlyTouchesRunsWhoseOwnerIsGone() {
    Run alive = store.createRun(newRun(at(0), ALIVE));
    Run gone = store.createRun(newRun(at(1), GONE));
    Run finishedByGoneOwner = store.createRun(newRun(at(2), GONE));
    store.finishRun(finishedByGoneOwner.id(), RunStatus.SUCCEEDED, at(3));
    long aliveAttempt = store.startAttempt(alive.id(), ORDERS, "2024-03-01", 1, at(5));
    long goneSucceeded = store.startAttempt(gone.id(), ORDERS, "2024-03-01", 1, at(5));
    store.finishAttempt(
        goneSucceeded, TaskStatus.SUCCEEDED, at(6), "", STATISTICS, "v1", Optional.empty());
    long goneRunning = store.startAttempt(gone.id(), REVENUE, "2024-03-01", 1, at(7));
    List<RunOwner> asked = new ArrayList<>();

    List<Run> interrupted =
        store.markInterrupted(
            owner -> {
              asked.add(owner);
              return owner.equals(GONE);
            },
            at(100));

    Run expected =
        new Run(
            gone.id(),
            gone.trigger(),
            RunStatus.INTERRUPTED,
            gone.selection(),
            gone.rangeStart(),
            gone.rangeEnd(),
            gone.taskCount(),
            gone.startedAt(),
            at(100),
            gone.owner());
    assertThat(interrupted).containsExactly(expected);
    assertThat(asked).containsExactlyInAnyOrder(ALIVE, GONE);
    assertThat(store.findRun(gone.id())).contains(expected);
    assertThat(store.findRun(alive.id())).contains(alive);
    assertThat(store.findRun(finishedByGoneOwner.id()).orElseThrow().ended()).contains(at(3));

    TaskAttempt interruptedAttempt = attempt(gone.id(), goneRunning);
    assertThat(interruptedAttempt.status()).isEqualTo(TaskStatus.INTERRUPTED);
    assertThat(interruptedAttempt.ended()).contains(at(100));
    assertThat(interruptedAttempt.message()).isEqualTo("run interrupted");
    TaskAttempt finishedAttempt = attempt(gone.id(), goneSucceeded);
    assertThat(finishedAttempt.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(finishedAttempt.ended()).contains(at(6));
    TaskAttempt aliveRunning = attempt(alive.id(), aliveAttempt);
    assertThat(aliveRunning.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(aliveRunning.ended()).isEmpty();

    assertThat(store.markInterrupted(owner -> true, at(200)))
        .extracting(Run::id)
        .containsExactly(alive.id());
  }

  @Test
  void markInterruptedChangesNothingWhileEveryOwnerIsAlive() {
    Run run = store.createRun(newRun());
    store.startAttempt(run.id(), ORDERS, "2024-03-01", 1, at(1));

    assertThat(store.markInterrupted(owner -> false, at(100))).isEmpty();
    assertThat(store.runningRuns()).containsExactly(run);
    assertThat(store.attempts(run.id()))
        .extracting(TaskAttempt::status)
        .containsExactly(TaskStatus.RUNNING);
  }

  @Test
  void finishAttemptKeepsQueuedTimeAndTheEngineFiguresWhilePartitionStatesKeepTheWriteFigures() {
    Run run = store.createRun(newRun());
    long id = store.startAttempt(run.id(), ORDERS, "2024-03-01", 1, at(1));
    TaskStatistics used =
        new TaskStatistics(
            1_000, 64_000, 250, 180, 4_000_000, 35, new EngineUsage(50_000, 1_200_000, 420, 9_000));

    store.finishAttempt(
        id,
        TaskStatus.SUCCEEDED,
        at(2),
        "",
        used,
        "data-v1",
        Optional.of(
            new PartitionState(
                ORDERS,
                "2024-03-01",
                PartitionStatus.MATERIALIZED,
                "data-v1",
                "code-v1",
                "",
                used,
                run.id(),
                at(2))));

    assertThat(store.attempts(run.id())).extracting(TaskAttempt::statistics).containsExactly(used);
    assertThat(store.partition(ORDERS, "2024-03-01").orElseThrow().statistics())
        .isEqualTo(new TaskStatistics(1_000, 64_000, 250, 180, 4_000_000));
  }

  @Test
  void attemptMeansAverageTheSucceededAttemptsOfEachAssetTakingTheLargerCpu() {
    Run run = store.createRun(newRun());
    // JVM CPU above the engine's, then the engine's above the JVM's: compute is the larger.
    finish(run, ORDERS, "2024-03-01", TaskStatus.SUCCEEDED, 300, 100, 2_000, 10_000);
    finish(run, ORDERS, "2024-03-02", TaskStatus.SUCCEEDED, 100, 500, 4_000, 30_000);
    finish(run, ORDERS, "2024-03-03", TaskStatus.FAILED, 9_000, 9_000, 9_000, 9_000);
    finish(run, REVENUE, "2024-03-01", TaskStatus.FAILED, 1, 1, 1, 1);

    assertThat(store.attemptMeans(List.of(ORDERS, REVENUE, asset("none"))))
        .containsOnlyKeys(ORDERS)
        .containsEntry(ORDERS, new AttemptMeans(2, 400, 3_000, 20_000));
    assertThat(store.attemptMeans(List.of())).isEmpty();
  }

  private void finish(
      Run run,
      io.tidemark.core.asset.AssetName asset,
      String partition,
      TaskStatus status,
      long cpuMillis,
      long engineCpuMillis,
      long bytesScanned,
      long bytesWritten) {
    long id = store.startAttempt(run.id(), asset, partition, 1, at(1));
    store.finishAttempt(
        id,
        status,
        at(2),
        status == TaskStatus.SUCCEEDED ? "" : "boom",
        new TaskStatistics(
            10,
            bytesWritten,
            1_000,
            cpuMillis,
            0,
            0,
            new EngineUsage(0, bytesScanned, engineCpuMillis, 0)),
        "",
        Optional.empty());
  }

  @Test
  void startAttemptRecordsARunningAttempt() {
    Run run = store.createRun(newRun());

    long id = store.startAttempt(run.id(), ORDERS, "2024-03-01", 1, at(1));

    assertThat(store.attempts(run.id()))
        .containsExactly(
            new TaskAttempt(
                id,
                run.id(),
                ORDERS,
                "2024-03-01",
                1,
                TaskStatus.RUNNING,
                at(1),
                null,
                "",
                TaskStatistics.NONE,
                ""));
  }

  @Test
  void finishAttemptRecordsOutcomeAndStatistics() {
    Run run = store.createRun(newRun());
    long id = store.startAttempt(run.id(), ORDERS, "2024-03-01", 2, at(1));

    store.finishAttempt(
        id,
        TaskStatus.FAILED,
        at(2),
        "Binder Error: column x not found",
        STATISTICS,
        "",
        Optional.empty());

    assertThat(store.attempts(run.id()))
        .containsExactly(
            new TaskAttempt(
                id,
                run.id(),
                ORDERS,
                "2024-03-01",
                2,
                TaskStatus.FAILED,
                at(1),
                at(2),
                "Binder Error: column x not found",
                STATISTICS,
                ""));
    assertThat(store.partition(ORDERS, "2024-03-01")).isEmpty();
  }

  @Test
  void finishAttemptWritesPartitionStateInTheSameTransaction() {
    Run run = store.createRun(newRun());
    long id = store.startAttempt(run.id(), ORDERS, "2024-03-01", 1, at(1));
    PartitionState written = materialized(ORDERS, "2024-03-01", run.id());

    store.finishAttempt(
        id, TaskStatus.SUCCEEDED, at(2), "", STATISTICS, "data-v1", Optional.of(written));

    assertThat(attempt(run.id(), id).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(attempt(run.id(), id).dataVersion()).isEqualTo("data-v1");
    assertThat(store.partition(ORDERS, "2024-03-01")).contains(written);

    // An attempt the store does not know cannot leave a partition recorded as written.
    PartitionState orphan = materialized(ORDERS, "2024-03-02", run.id());
    assertThatThrownBy(
            () ->
                store.finishAttempt(
                    987_654,
                    TaskStatus.SUCCEEDED,
                    at(3),
                    "",
                    STATISTICS,
                    "data-v2",
                    Optional.of(orphan)))
        .isInstanceOf(TidemarkException.class)
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.STATE_STORE);
    assertThat(store.partition(ORDERS, "2024-03-02")).isEmpty();
  }

  @Test
  void finishAttemptRejectsTheRunningStatus() {
    Run run = store.createRun(newRun());
    long id = store.startAttempt(run.id(), ORDERS, "2024-03-01", 1, at(1));

    assertThatThrownBy(
            () ->
                store.finishAttempt(
                    id, TaskStatus.RUNNING, at(2), "", STATISTICS, "", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void skippedTasksAreRecordedWithTheirReason() {
    Run run = store.createRun(newRun());
    String reason = "upstream analytics.daily_orders 2024-03-02 failed";

    store.recordSkipped(run.id(), REVENUE, "2024-03-02", reason, at(10));

    TaskAttempt skipped = store.attempts(run.id()).get(0);
    assertThat(skipped.asset()).isEqualTo(REVENUE);
    assertThat(skipped.partition()).isEqualTo("2024-03-02");
    assertThat(skipped.status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(skipped.message()).isEqualTo(reason);
    assertThat(skipped.attempt()).isZero();
    assertThat(skipped.startedAt()).isEqualTo(at(10));
    assertThat(skipped.ended()).contains(at(10));
    assertThat(skipped.statistics()).isEqualTo(TaskStatistics.NONE);
    assertThat(skipped.dataVersion()).isEmpty();
    assertThat(store.partition(REVENUE, "2024-03-02")).isEmpty();
  }

  @Test
  void attemptsAreListedInTheOrderTheyStarted() {
    Run run = store.createRun(newRun());
    Run otherRun = store.createRun(newRun());
    long second = store.startAttempt(run.id(), ORDERS, "2024-03-01", 1, at(20));
    long first = store.startAttempt(run.id(), REVENUE, "2024-03-01", 1, at(10));
    store.startAttempt(otherRun.id(), ORDERS, "2024-03-01", 1, at(15));
    long retry = store.startAttempt(run.id(), ORDERS, "2024-03-01", 2, at(30));
    long sameInstant = store.startAttempt(run.id(), REVENUE, "2024-03-02", 1, at(30));

    assertThat(store.attempts(run.id()))
        .extracting(TaskAttempt::id)
        .containsExactly(first, second, retry, sameInstant);
    assertThat(store.attempts(987_654)).isEmpty();
  }

  @Test
  void failuresAreStateStoreErrorsAndLeaveTheStoreUsable() {
    assertThatThrownBy(() -> store.startAttempt(987_654, ORDERS, "2024-03-01", 1, at(1)))
        .isInstanceOf(TidemarkException.class)
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.STATE_STORE);

    Run run = store.createRun(newRun());
    long id = store.startAttempt(run.id(), ORDERS, "2024-03-01", 1, at(1));
    assertThat(store.attempts(run.id())).extracting(TaskAttempt::id).containsExactly(id);
    assertThat(store.attempts(987_654)).isEmpty();
  }

  @Test
  void concurrentStartAndFinishFromFourThreadsLoseNothing() throws Exception {
    Run run = store.createRun(newRun());
    int threads = 4;
    int tasksPerThread = 200;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int thread = 0; thread < threads; thread++) {
        AssetName asset = asset("model_" + thread);
        Callable<List<Long>> worker =
            () -> {
              start.await();
              List<Long> ids = new ArrayList<>();
              for (int task = 0; task < tasksPerThread; task++) {
                String partition = "p" + task;
                long id = store.startAttempt(run.id(), asset, partition, 1, at(task));
                store.finishAttempt(
                    id,
                    TaskStatus.SUCCEEDED,
                    at(task + 1),
                    "",
                    STATISTICS,
                    "data-" + partition,
                    Optional.of(materialized(asset, partition, run.id())));
                ids.add(id);
              }
              return ids;
            };
        results.add(executor.submit(worker));
      }
      start.countDown();
      Set<Long> ids = new HashSet<>();
      for (Future<List<Long>> result : results) {
        ids.addAll(result.get(60, TimeUnit.SECONDS));
      }

      assertThat(ids).hasSize(threads * tasksPerThread);
      List<TaskAttempt> attempts = store.attempts(run.id());
      assertThat(attempts).extracting(TaskAttempt::id).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(attempts).extracting(TaskAttempt::status).containsOnly(TaskStatus.SUCCEEDED);
      assertThat(store.partitions(List.of())).hasSize(threads * tasksPerThread);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void reopeningMigratesOnceAndKeepsData() throws SQLException {
    Run run = store.createRun(newRun());
    PartitionState state = materialized(ORDERS, "2024-03-01", run.id());
    store.putPartitions(List.of(state));
    List<String> appliedBefore = appliedMigrations();
    store.close();

    openStore().close();
    store = openStore();

    assertThat(store.findRun(run.id())).contains(run);
    assertThat(store.partition(ORDERS, "2024-03-01")).contains(state);
    assertThat(appliedMigrations())
        .isEqualTo(appliedBefore)
        .startsWith("1", "2", "3", "4")
        .doesNotHaveDuplicates();
  }

  @Test
  void theMigrationThatAddedPackedRowCountsFillsThemFromStatesStoredBefore() throws SQLException {
    store.putPartitions(
        List.of(
            RowCountStoreContract.withRows(materialized(ORDERS, "2024-03-01", 1), 10),
            RowCountStoreContract.withRows(materialized(ORDERS, "2024-03-02", 1), 20),
            RowCountStoreContract.withRows(materialized(REVENUE, "2024-03-01T05", 1), 30)));
    store.close();
    // The database as it was before V5 ran: states, but no packed counts, nor what came later.
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement()) {
      statement.execute("DELETE FROM row_count_chunks");
      statement.execute("DROP TABLE schedule_cursors");
      statement.execute("DROP TABLE schedule_fires");
      statement.execute("DROP TABLE scheduler_lease");
      statement.execute("DELETE FROM flyway_schema_history WHERE version IN ('5', '6')");
    }

    store = openStore();

    List<String> counts = new ArrayList<>();
    store.rowCounts(
        List.of(ORDERS, REVENUE),
        (asset, grain, first, packed) -> {
          for (int i = 0; i < packed.length; i++) {
            if (packed[i] != StateStore.NO_COUNT) {
              counts.add(
                  asset.table()
                      + " "
                      + PartitionKey.of(grain, PartitionIndex.start(grain, first + i))
                      + " "
                      + packed[i]);
            }
          }
        });
    assertThat(counts)
        .containsExactlyInAnyOrder(
            "daily_orders 2024-03-01 10",
            "daily_orders 2024-03-02 20",
            "daily_revenue 2024-03-01T05 30");
  }

  private List<String> appliedMigrations() throws SQLException {
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement();
        ResultSet history =
            statement.executeQuery(
                "SELECT version, success FROM flyway_schema_history"
                    + " WHERE type = 'SQL' ORDER BY installed_rank")) {
      List<String> applied = new ArrayList<>();
      while (history.next()) {
        assertThat(history.getBoolean("success")).isTrue();
        applied.add(history.getString("version"));
      }
      return applied;
    }
  }

  @Test
  void aClosedStoreRefusesWork() {
    store.close();

    assertThatThrownBy(() -> store.createRun(newRun()))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("closed")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.STATE_STORE);
  }

  private TaskAttempt attempt(long runId, long attemptId) {
    return store.attempts(runId).stream()
        .filter(attempt -> attempt.id() == attemptId)
        .findFirst()
        .orElseThrow();
  }
}
