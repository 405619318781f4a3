package io.tidemark.store;

import static io.tidemark.store.StateFixtures.ALIVE;
import static io.tidemark.store.StateFixtures.GONE;
import static io.tidemark.store.StateFixtures.STATISTICS;
import static io.tidemark.store.StateFixtures.T0;
import static io.tidemark.store.StateFixtures.asset;
import static io.tidemark.store.StateFixtures.at;
import static io.tidemark.store.StateFixtures.checkResult;
import static io.tidemark.store.StateFixtures.materialized;
import static io.tidemark.store.StateFixtures.newIncident;
import static io.tidemark.store.StateFixtures.newRepair;
import static io.tidemark.store.StateFixtures.newRun;
import static io.tidemark.store.StateFixtures.repairRun;
import static io.tidemark.store.StateFixtures.state;
import static io.tidemark.store.StateFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.Incident;
import io.tidemark.core.state.NewIncident;
import io.tidemark.core.state.NewRepair;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RepairStatus;
import io.tidemark.core.state.RepairTask;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link StateStore} does; subclasses run it against each database. */
abstract class StateStoreContractTest {
  private static final AssetName ORDERS = asset("daily_orders");
  private static final AssetName REVENUE = asset("daily_revenue");
  private static final List<String> DAYS_2_AND_1 = List.of("2024-03-02", "2024-03-01");

  protected StateStore store;

  /** Opens the store under test; every call in one test opens the same database. */
  protected abstract StateStore openStore();

  /** A plain connection to the store's database, to look at what the store cannot show. */
  protected abstract Connection connectDirectly() throws SQLException;

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
  void partitionStateUpsertReplacesThePreviousState() {
    Run run = store.createRun(newRun());
    store.putPartitions(List.of(materialized(ORDERS, "2024-03-01", 0)));
    long id = store.startAttempt(run.id(), ORDERS, "2024-03-01", 1, at(1));
    PartitionState failed =
        new PartitionState(
            ORDERS,
            "2024-03-01",
            PartitionStatus.FAILED,
            "data-v2",
            "code-2",
            "input-v2",
            new TaskStatistics(7, 8, 9, 10, 11),
            run.id(),
            at(2));

    store.finishAttempt(
        id, TaskStatus.FAILED, at(2), "boom", TaskStatistics.NONE, "", Optional.of(failed));

    assertThat(store.partition(ORDERS, "2024-03-01")).contains(failed);
    assertThat(store.partitions(List.of(ORDERS))).containsExactly(failed);

    PartitionState invalid =
        state(ORDERS, "2024-03-01", PartitionStatus.INVALID, "data-v2", run.id(), at(3));
    store.putPartitions(List.of(invalid));

    assertThat(store.partitions(List.of())).containsExactly(invalid);
  }

  @Test
  void partitionsOfNoAssetsAreAllStoredPartitions() {
    List<PartitionState> states =
        List.of(
            materialized(ORDERS, "2024-03-01", 1),
            materialized(ORDERS, "2024-03-02", 1),
            materialized(REVENUE, "2024-03-01", 1));
    store.putPartitions(states);

    assertThat(store.partitions(List.of())).containsExactlyInAnyOrderElementsOf(states);
    assertThat(store.partitions(List.of(ORDERS)))
        .containsExactlyInAnyOrder(states.get(0), states.get(1));
    assertThat(store.partitions(List.of(asset("unknown")))).isEmpty();
  }

  @Test
  void partitionsOfTenThousandAssetsAreReadInFull() {
    List<PartitionState> states =
        IntStream.range(0, 12_345)
            .mapToObj(i -> materialized(asset("model_" + i), "all", 1))
            .toList();
    store.putPartitions(states);
    List<AssetName> wanted = IntStream.range(0, 10_000).mapToObj(i -> asset("model_" + i)).toList();
    List<AssetName> odd = IntStream.range(0, 250).mapToObj(i -> asset("model_" + (i * 7))).toList();

    assertThat(store.partitions(wanted))
        .containsExactlyInAnyOrderElementsOf(states.subList(0, 10_000));
    assertThat(store.partitions(odd))
        .extracting(PartitionState::asset)
        .containsExactlyInAnyOrderElementsOf(odd);
    assertThat(store.partitions(List.of())).hasSize(12_345);
  }

  @Test
  void partitionOfAnUnknownPartitionIsEmpty() {
    store.putPartitions(List.of(materialized(ORDERS, "2024-03-01", 1)));

    assertThat(store.partition(ORDERS, "2024-03-02")).isEmpty();
    assertThat(store.partition(REVENUE, "2024-03-01")).isEmpty();
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
        .startsWith("1", "2", "3")
        .doesNotHaveDuplicates();
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

  @Test
  void recordedIncidentIsReadBackWithTheStatesItInvalidated() {
    store.putPartitions(
        List.of(
            materialized(ORDERS, "2024-03-01", 1),
            materialized(ORDERS, "2024-03-02", 1),
            materialized(ORDERS, "2024-03-03", 1)));
    NewIncident reported =
        newIncident(ORDERS, Instant.parse("2024-03-06T08:00:00.123456Z"), DAYS_2_AND_1);
    List<PartitionState> invalidated =
        List.of(
            state(ORDERS, "2024-03-02", PartitionStatus.INVALID, "data-2024-03-02", 1, at(50)),
            state(ORDERS, "2024-03-01", PartitionStatus.INVALID, "data-2024-03-01", 1, at(50)));

    Incident incident = store.recordIncident(reported, invalidated);

    Incident expected =
        new Incident(
            incident.id(),
            ORDERS,
            "2024-03-01",
            "2024-03-05",
            DAYS_2_AND_1,
            "duplicated events from the collector",
            "ana",
            Instant.parse("2024-03-06T08:00:00.123Z"));
    assertThat(incident).isEqualTo(expected);
    assertThat(store.recentIncidents(10)).containsExactly(expected);
    assertThat(store.partition(ORDERS, "2024-03-01")).contains(invalidated.get(1));
    assertThat(store.partition(ORDERS, "2024-03-02")).contains(invalidated.get(0));
    assertThat(store.partition(ORDERS, "2024-03-03"))
        .contains(materialized(ORDERS, "2024-03-03", 1));
  }

  @Test
  void anIncidentWithoutRangePartitionsOrStatesIsRecorded() {
    NewIncident reported = new NewIncident(REVENUE, "", "", List.of(), "late load", "ops", at(0));

    Incident incident = store.recordIncident(reported, List.of());

    assertThat(incident.partitions()).isEmpty();
    assertThat(incident.rangeStart()).isEmpty();
    assertThat(incident.rangeEnd()).isEmpty();
    assertThat(store.recentIncidents(10)).containsExactly(incident);
    assertThat(store.partitions(List.of())).isEmpty();
  }

  @Test
  void anIncidentWhoseStatesCannotBeWrittenIsNotRecorded() throws SQLException {
    PartitionState invalid =
        state(ORDERS, "2024-03-01", PartitionStatus.INVALID, "data-v1", 1, at(50));
    renameTable("partition_states", "partition_states_away");
    try {
      assertThatThrownBy(
              () ->
                  store.recordIncident(
                      newIncident(ORDERS, at(50), List.of("2024-03-01")), List.of(invalid)))
          .isInstanceOf(TidemarkException.class)
          .extracting(e -> ((TidemarkException) e).code())
          .isEqualTo(ErrorCode.STATE_STORE);
    } finally {
      renameTable("partition_states_away", "partition_states");
    }

    assertThat(store.recentIncidents(10)).isEmpty();
    assertThat(store.partitions(List.of())).isEmpty();
  }

  @Test
  void incidentPartitionKeysThatCannotBeStoredAreRefused() {
    assertThatThrownBy(
            () ->
                store.recordIncident(
                    newIncident(ORDERS, at(0), List.of("2024-03-01\n2024-03-02")), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> store.recordIncident(newIncident(ORDERS, at(0), List.of("")), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.recentIncidents(10)).isEmpty();
  }

  @Test
  void recentIncidentsAreNewestFirst() {
    Incident oldest = store.recordIncident(newIncident(ORDERS, at(0), DAYS_2_AND_1), List.of());
    Incident newest = store.recordIncident(newIncident(REVENUE, at(7200), List.of()), List.of());
    Incident middle =
        store.recordIncident(newIncident(ORDERS, at(3600), List.of("2024-03-04")), List.of());

    assertThat(store.recentIncidents(10)).containsExactly(newest, middle, oldest);
    assertThat(store.recentIncidents(2)).containsExactly(newest, middle);
    assertThat(store.recentIncidents(0)).isEmpty();
  }

  @Test
  void createdRepairIsPlannedAndKeepsItsTasksInPlanOrder() {
    List<RepairTask> tasks =
        List.of(
            task(ORDERS, "2024-03-02"),
            task(ORDERS, "2024-03-01"),
            task(REVENUE, "2024-03-02"),
            task(REVENUE, "2024-03-01"));
    NewRepair planned =
        new NewRepair(
            "--stale",
            "2024-03-01",
            "2024-03-02",
            "daily_revenue+",
            "analytics.weekly_kpis",
            "ana",
            Instant.parse("2024-03-06T08:00:00.123456Z"),
            tasks);

    Repair repair = store.createRepair(planned);

    Repair expected =
        new Repair(
            repair.id(),
            "--stale",
            "2024-03-01",
            "2024-03-02",
            "daily_revenue+",
            "analytics.weekly_kpis",
            "ana",
            Instant.parse("2024-03-06T08:00:00.123Z"),
            4,
            RepairStatus.PLANNED,
            0);
    assertThat(repair).isEqualTo(expected);
    assertThat(repair.latestRun()).isEmpty();
    assertThat(store.findRepair(repair.id())).contains(expected);
    assertThat(store.recentRepairs(10)).containsExactly(expected);
    assertThat(store.repairTasks(repair.id())).containsExactlyElementsOf(tasks);
    assertThat(store.repairRuns(repair.id())).isEmpty();
    assertThat(store.completedRepairTasks(repair.id())).isEmpty();
  }

  @Test
  void unknownRepairsAreEmpty() {
    assertThat(store.findRepair(987_654)).isEmpty();
    assertThat(store.repairTasks(987_654)).isEmpty();
    assertThat(store.completedRepairTasks(987_654)).isEmpty();
    assertThat(store.repairRuns(987_654)).isEmpty();
  }

  @Test
  void aRepairPlanListingATaskTwiceIsRefused() {
    List<RepairTask> tasks =
        List.of(
            task(ORDERS, "2024-03-01"), task(REVENUE, "2024-03-01"), task(ORDERS, "2024-03-01"));

    assertThatThrownBy(() -> store.createRepair(newRepair(tasks)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("analytics.daily_orders 2024-03-01");
    assertThat(store.recentRepairs(10)).isEmpty();
  }

  @Test
  void recentRepairsAreNewestFirst() {
    Repair oldest = store.createRepair(newRepair(at(0), List.of(task(ORDERS, "2024-03-01"))));
    Repair newest = store.createRepair(newRepair(at(7200), List.of()));
    Repair middle = store.createRepair(newRepair(at(3600), List.of(task(ORDERS, "2024-03-01"))));

    assertThat(store.recentRepairs(10)).containsExactly(newest, middle, oldest);
    assertThat(store.recentRepairs(2)).containsExactly(newest, middle);
    assertThat(store.recentRepairs(0)).isEmpty();
  }

  @Test
  void repairStatusFollowsItsLatestRun() {
    List<RepairTask> tasks = List.of(task(ORDERS, "2024-03-01"), task(ORDERS, "2024-03-02"));
    Repair repair = store.createRepair(newRepair(tasks));
    Repair other = store.createRepair(newRepair(List.of(task(REVENUE, "2024-03-01"))));
    assertThat(store.findRepair(repair.id()).orElseThrow().status())
        .isEqualTo(RepairStatus.PLANNED);

    Run first = store.startRepairRun(repair.id(), tasks, repairRun(at(10), ALIVE));
    assertRepair(repair.id(), RepairStatus.RUNNING, first.id());
    store.finishRun(first.id(), RunStatus.SUCCEEDED, at(20));
    assertRepair(repair.id(), RepairStatus.SUCCEEDED, first.id());

    Run second = store.startRepairRun(repair.id(), tasks, repairRun(at(30), ALIVE));
    assertRepair(repair.id(), RepairStatus.RUNNING, second.id());
    store.finishRun(second.id(), RunStatus.FAILED, at(40));
    assertRepair(repair.id(), RepairStatus.FAILED, second.id());

    Run third = store.startRepairRun(repair.id(), tasks, repairRun(at(50), GONE));
    store.markInterrupted(owner -> owner.equals(GONE), at(60));
    assertRepair(repair.id(), RepairStatus.INTERRUPTED, third.id());

    // Runs that are not the repair's, started after its latest, leave it alone.
    store.createRun(newRun(at(70), ALIVE));
    Run ofOther =
        store.startRepairRun(
            other.id(), List.of(task(REVENUE, "2024-03-01")), repairRun(at(80), ALIVE));
    assertRepair(repair.id(), RepairStatus.INTERRUPTED, third.id());
    assertRepair(other.id(), RepairStatus.RUNNING, ofOther.id());

    assertThat(store.repairRuns(repair.id()))
        .extracting(Run::id, Run::status)
        .containsExactly(
            tuple(first.id(), RunStatus.SUCCEEDED),
            tuple(second.id(), RunStatus.FAILED),
            tuple(third.id(), RunStatus.INTERRUPTED));
    assertThat(store.recentRepairs(10))
        .extracting(Repair::id, Repair::status)
        .containsExactlyInAnyOrder(
            tuple(repair.id(), RepairStatus.INTERRUPTED), tuple(other.id(), RepairStatus.RUNNING));
  }

  private void assertRepair(long repairId, RepairStatus status, long latestRunId) {
    Repair repair = store.findRepair(repairId).orElseThrow();
    assertThat(repair.status()).isEqualTo(status);
    assertThat(repair.latestRunId()).isEqualTo(latestRunId);
    assertThat(repair.latestRun()).hasValue(latestRunId);
  }

  @Test
  void aStartedRepairRunIsCreatedLikeAnyRun() {
    Repair repair = store.createRepair(newRepair(List.of(task(ORDERS, "2024-03-01"))));
    NewRun newRun = repairRun(Instant.parse("2024-03-05T10:15:30.123456Z"), ALIVE);

    Run run = store.startRepairRun(repair.id(), List.of(task(ORDERS, "2024-03-01")), newRun);

    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.trigger()).isEqualTo(RunTrigger.REPAIR);
    assertThat(run.startedAt()).isEqualTo(Instant.parse("2024-03-05T10:15:30.123Z"));
    assertThat(run.taskCount()).isEqualTo(newRun.taskCount());
    assertThat(store.findRun(run.id())).contains(run);
    assertThat(store.runningRuns()).containsExactly(run);
    assertThat(store.repairRuns(repair.id())).containsExactly(run);
  }

  @Test
  void completedRepairTasksCountOnlySucceededAttemptsOfTheRepairsOwnRuns() {
    RepairTask orders1 = task(ORDERS, "2024-03-01");
    RepairTask orders2 = task(ORDERS, "2024-03-02");
    RepairTask revenue1 = task(REVENUE, "2024-03-01");
    RepairTask revenue2 = task(REVENUE, "2024-03-02");
    List<RepairTask> tasks = List.of(orders1, orders2, revenue1, revenue2);
    Repair repair = store.createRepair(newRepair(tasks));
    Repair other = store.createRepair(newRepair(List.of(revenue1, revenue2)));

    // Its first run: one success, one failure then a success, one failure, one skip, and a
    // success on a partition outside its plan.
    Run first = store.startRepairRun(repair.id(), tasks, repairRun(at(0), ALIVE));
    succeed(first.id(), orders1, 1);
    fail(first.id(), orders2, 1);
    succeed(first.id(), orders2, 2);
    fail(first.id(), revenue1, 1);
    store.recordSkipped(first.id(), REVENUE, "2024-03-02", "upstream failed", at(5));
    succeed(first.id(), task(ORDERS, "2024-03-03"), 1);
    store.finishRun(first.id(), RunStatus.FAILED, at(10));
    // Other runs write the rest: a plain run and a run of another repair.
    Run plain = store.createRun(newRun(at(20), ALIVE));
    succeed(plain.id(), revenue1, 1);
    store.finishRun(plain.id(), RunStatus.SUCCEEDED, at(30));
    Run ofOther =
        store.startRepairRun(other.id(), List.of(revenue1, revenue2), repairRun(at(40), ALIVE));
    succeed(ofOther.id(), revenue2, 1);
    store.finishRun(ofOther.id(), RunStatus.SUCCEEDED, at(50));

    assertThat(store.completedRepairTasks(repair.id())).containsExactlyInAnyOrder(orders1, orders2);
    assertThat(store.completedRepairTasks(other.id())).containsExactly(revenue2);

    // Its second run completes what was left, and what is already complete stays so.
    Run second =
        store.startRepairRun(repair.id(), List.of(revenue1, revenue2), repairRun(at(60), ALIVE));
    succeed(second.id(), revenue1, 1);
    long running = store.startAttempt(second.id(), REVENUE, "2024-03-02", 1, at(61));

    assertThat(store.completedRepairTasks(repair.id()))
        .containsExactlyInAnyOrder(orders1, orders2, revenue1);

    store.finishAttempt(
        running, TaskStatus.SUCCEEDED, at(62), "", STATISTICS, "v1", Optional.empty());

    assertThat(store.completedRepairTasks(repair.id())).containsExactlyInAnyOrderElementsOf(tasks);
  }

  private void succeed(long runId, RepairTask task, int attempt) {
    long id = store.startAttempt(runId, task.asset(), task.partition(), attempt, at(1));
    store.finishAttempt(
        id,
        TaskStatus.SUCCEEDED,
        at(2),
        "",
        STATISTICS,
        "data-" + task.partition(),
        Optional.of(materialized(task.asset(), task.partition(), runId)));
  }

  private void fail(long runId, RepairTask task, int attempt) {
    long id = store.startAttempt(runId, task.asset(), task.partition(), attempt, at(1));
    store.finishAttempt(id, TaskStatus.FAILED, at(2), "boom", STATISTICS, "", Optional.empty());
  }

  @Test
  void startRepairRunRefusesAnOverlapWithARunningRepairNamingItAndWritesNothing() {
    List<RepairTask> running =
        IntStream.rangeClosed(1, 5).mapToObj(day -> task(ORDERS, "2024-03-0" + day)).toList();
    Repair first = store.createRepair(newRepair(running));
    Run firstRun = store.startRepairRun(first.id(), running, repairRun(at(0), ALIVE));
    // Shares four tasks with the running repair, of which the message names three.
    List<RepairTask> overlapping =
        List.of(
            task(REVENUE, "2024-03-01"),
            task(ORDERS, "2024-03-02"),
            task(ORDERS, "2024-03-03"),
            task(ORDERS, "2024-03-04"),
            task(ORDERS, "2024-03-05"),
            task(ORDERS, "2024-03-06"));
    Repair second = store.createRepair(newRepair(overlapping));

    assertThatThrownBy(
            () -> store.startRepairRun(second.id(), overlapping, repairRun(at(10), ALIVE)))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("repair " + first.id() + " ")
        .hasMessageContaining("run " + firstRun.id() + ")")
        .hasMessageContaining("4 tasks")
        .hasMessageContaining(
            "analytics.daily_orders 2024-03-02, analytics.daily_orders 2024-03-03,"
                + " analytics.daily_orders 2024-03-04")
        .hasMessageNotContaining("2024-03-05")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.CONFLICT);

    assertThat(store.recentRuns(10)).containsExactly(firstRun);
    assertThat(store.repairRuns(second.id())).isEmpty();
    assertThat(store.findRepair(second.id()).orElseThrow().status())
        .isEqualTo(RepairStatus.PLANNED);
  }

  @Test
  void startRepairRunRefusesARepairThatIsAlreadyRunning() {
    List<RepairTask> tasks = List.of(task(ORDERS, "2024-03-01"));
    Repair repair = store.createRepair(newRepair(tasks));
    Run run = store.startRepairRun(repair.id(), tasks, repairRun(at(0), ALIVE));

    assertThatThrownBy(() -> store.startRepairRun(repair.id(), tasks, repairRun(at(10), ALIVE)))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("repair " + repair.id() + " is running (run " + run.id() + ")")
        .hasMessageContaining("1 task with it: analytics.daily_orders 2024-03-01")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.CONFLICT);
    assertThat(store.repairRuns(repair.id())).containsExactly(run);
  }

  @Test
  void startRepairRunIsAllowedOnceTheOverlappingRunFinished() {
    List<RepairTask> tasks = List.of(task(ORDERS, "2024-03-01"), task(ORDERS, "2024-03-02"));
    Repair first = store.createRepair(newRepair(tasks));
    Repair second = store.createRepair(newRepair(tasks));
    Run failed = store.startRepairRun(first.id(), tasks, repairRun(at(0), ALIVE));
    store.finishRun(failed.id(), RunStatus.FAILED, at(10));

    Run secondRun = store.startRepairRun(second.id(), tasks, repairRun(at(20), GONE));
    store.markInterrupted(owner -> owner.equals(GONE), at(30));
    Run firstAgain = store.startRepairRun(first.id(), tasks, repairRun(at(40), ALIVE));

    assertThat(store.repairRuns(second.id())).extracting(Run::id).containsExactly(secondRun.id());
    assertThat(store.repairRuns(first.id()))
        .extracting(Run::id)
        .containsExactly(failed.id(), firstAgain.id());
    assertThat(store.runningRuns()).containsExactly(firstAgain);
  }

  @Test
  void repairsWithoutSharedTasksRunAtOnce() {
    List<RepairTask> orders = List.of(task(ORDERS, "2024-03-01"), task(ORDERS, "2024-03-02"));
    List<RepairTask> revenue = List.of(task(REVENUE, "2024-03-01"), task(REVENUE, "2024-03-02"));
    Repair first = store.createRepair(newRepair(orders));
    Repair second = store.createRepair(newRepair(revenue));
    Repair third = store.createRepair(newRepair(List.of()));

    Run firstRun = store.startRepairRun(first.id(), orders, repairRun(at(0), ALIVE));
    Run secondRun = store.startRepairRun(second.id(), revenue, repairRun(at(1), ALIVE));
    Run thirdRun = store.startRepairRun(third.id(), List.of(), repairRun(at(2), ALIVE));

    assertThat(store.runningRuns()).containsExactly(firstRun, secondRun, thirdRun);
  }

  @Test
  void startRepairRunOfAnUnknownRepairIsNotFoundAndWritesNothing() {
    assertThatThrownBy(
            () ->
                store.startRepairRun(
                    987_654, List.of(task(ORDERS, "2024-03-01")), repairRun(at(0), ALIVE)))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("987654")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(store.recentRuns(10)).isEmpty();
  }

  @Test
  void plansOfAHundredThousandTasksAreStoredAndCheckedInFull() {
    List<RepairTask> tasks =
        IntStream.range(0, 100_000)
            .mapToObj(i -> task(asset("model_" + (i % 100)), "2024-03-01T" + i))
            .toList();
    Repair big = store.createRepair(newRepair(tasks));
    store.startRepairRun(big.id(), tasks, repairRun(at(0), ALIVE));
    // Another plan as large, sharing only the first plan's last task.
    List<RepairTask> others =
        IntStream.range(0, 100_000)
            .mapToObj(i -> task(asset("other_" + (i % 100)), "2024-03-01T" + i))
            .collect(Collectors.toCollection(ArrayList::new));
    others.set(50_000, tasks.get(99_999));
    Repair other = store.createRepair(newRepair(others));

    assertThat(store.findRepair(big.id()).orElseThrow().taskCount()).isEqualTo(100_000);
    assertThat(store.repairTasks(big.id())).isEqualTo(tasks);
    assertThatThrownBy(() -> store.startRepairRun(other.id(), others, repairRun(at(1), ALIVE)))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("1 task with it: analytics.model_99 2024-03-01T99999")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void overlappingRepairStartsFromTwoStoresAtOnceLetExactlyOneThrough() throws Exception {
    int rounds = 20;
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try (StateStore firstStore = openStore();
        StateStore secondStore = openStore()) {
      for (int round = 0; round < rounds; round++) {
        String partition = "2024-03-" + (10 + round);
        Repair first =
            store.createRepair(
                newRepair(List.of(task(ORDERS, partition), task(REVENUE, partition))));
        Repair second =
            store.createRepair(
                newRepair(
                    List.of(task(asset("weekly_kpis"), partition), task(REVENUE, partition))));
        Instant startedAt = at(round);
        List<Future<Optional<Run>>> results = new ArrayList<>();
        for (StateStore each : List.of(firstStore, secondStore)) {
          Repair repair = each == firstStore ? first : second;
          results.add(
              executor.submit(
                  () -> {
                    List<RepairTask> tasks = each.repairTasks(repair.id());
                    barrier.await(10, TimeUnit.SECONDS);
                    try {
                      return Optional.of(
                          each.startRepairRun(repair.id(), tasks, repairRun(startedAt, ALIVE)));
                    } catch (TidemarkException e) {
                      assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                      return Optional.<Run>empty();
                    }
                  }));
        }
        List<Run> started = new ArrayList<>();
        for (Future<Optional<Run>> result : results) {
          result.get(60, TimeUnit.SECONDS).ifPresent(started::add);
        }

        assertThat(started).as("round %d", round).hasSize(1);
        assertThat(store.runningRuns()).containsExactlyElementsOf(started);
        store.finishRun(started.get(0).id(), RunStatus.SUCCEEDED, at(round));
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void checkResultsKeepEveryFieldIncludingSampleRowsOfAnyText() {
    List<String> sample =
        List.of(
            "order_id=17 user_id=NULL",
            "note='first line\nsecond line'",
            "",
            "a literal backslash-n \\n, a backslash \\ and one at the end \\",
            "ünïcødé 中文 🌊 \t tab, \r return and a NUL \0 inside\n");
    CheckResult failed =
        new CheckResult(
            7,
            ORDERS,
            "not_null(user_id)",
            "2024-03-01",
            CheckStatus.FAIL,
            "error",
            "5 rows",
            "0 rows",
            sample,
            "5 rows have a NULL user_id",
            Instant.parse("2024-03-06T08:00:00.123456Z"));
    // Empty fields, and a sample of one empty row, which is not an empty sample.
    CheckResult passed =
        new CheckResult(
            7,
            ORDERS,
            "row_count",
            "2024-03-01",
            CheckStatus.PASS,
            "warn",
            "",
            "",
            List.of(),
            "",
            at(10));
    CheckResult oneEmptyRow =
        new CheckResult(
            0,
            REVENUE,
            "unique(id)",
            "all",
            CheckStatus.WARN,
            "warn",
            "",
            "",
            List.of(""),
            "",
            at(10));
    CheckResult error =
        new CheckResult(
            7,
            REVENUE,
            "volume_anomaly",
            "2024-03-01",
            CheckStatus.ERROR,
            "error",
            "",
            "9,800..13,100",
            List.of(),
            "Catalog Error: Table with name daily_revenue does not exist!",
            at(20));

    store.recordCheckResults(List.of(failed, passed, oneEmptyRow, error));

    CheckResult storedFailed =
        new CheckResult(
            7,
            ORDERS,
            "not_null(user_id)",
            "2024-03-01",
            CheckStatus.FAIL,
            "error",
            "5 rows",
            "0 rows",
            sample,
            "5 rows have a NULL user_id",
            Instant.parse("2024-03-06T08:00:00.123Z"));
    assertThat(store.checkResults(7)).containsExactly(storedFailed, passed, error);
    assertThat(store.checkResults(0)).containsExactly(oneEmptyRow);
    assertThat(store.latestCheckResults(List.of()))
        .containsExactlyInAnyOrder(storedFailed, passed, oneEmptyRow, error);
  }

  @Test
  void theLatestCheckResultOfACheckAndPartitionIsTheOneCheckedLast() {
    CheckResult first =
        checkResult(1, ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.FAIL, at(10));
    CheckResult third =
        checkResult(3, ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.PASS, at(30));
    CheckResult second =
        checkResult(2, ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.WARN, at(20));
    // Another partition and another check of the same asset keep latest results of their own.
    CheckResult otherPartition =
        checkResult(1, ORDERS, "not_null(user_id)", "2024-03-02", CheckStatus.FAIL, at(10));
    CheckResult otherCheck =
        checkResult(1, ORDERS, "unique(id)", "2024-03-01", CheckStatus.FAIL, at(10));

    store.recordCheckResults(List.of(first, third, otherPartition));
    store.recordCheckResults(List.of(second, otherCheck));

    // The result checked last wins, not the one recorded last.
    assertThat(store.latestCheckResults(List.of(ORDERS)))
        .containsExactlyInAnyOrder(third, otherPartition, otherCheck);
  }

  @Test
  void checkResultsCheckedAtTheSameInstantAreOrderedByInsertion() {
    Instant sameMillisecond = Instant.parse("2024-03-06T08:00:00.123Z");
    CheckResult a =
        checkResult(1, ORDERS, "not_null(user_id)", "all", CheckStatus.FAIL, sameMillisecond);
    CheckResult b =
        checkResult(1, ORDERS, "not_null(user_id)", "all", CheckStatus.PASS, sameMillisecond);
    // Later in the same millisecond, which is all the store keeps.
    CheckResult c =
        checkResult(
            2,
            ORDERS,
            "not_null(user_id)",
            "all",
            CheckStatus.ERROR,
            Instant.parse("2024-03-06T08:00:00.123999Z"));
    CheckResult d =
        checkResult(3, ORDERS, "not_null(user_id)", "all", CheckStatus.PASS, sameMillisecond);

    store.recordCheckResults(List.of(a, b));
    assertThat(store.latestCheckResults(List.of(ORDERS))).containsExactly(b);

    store.recordCheckResults(List.of(c));
    assertThat(store.latestCheckResults(List.of(ORDERS)))
        .extracting(CheckResult::runId, CheckResult::status)
        .containsExactly(tuple(2L, CheckStatus.ERROR));

    store.recordCheckResults(List.of(d, b, a));
    assertThat(store.latestCheckResults(List.of(ORDERS))).containsExactly(a);
  }

  @Test
  void aPassAfterAFailBecomesTheLatestAndTheFailStaysInTheHistory() {
    Run nightly = store.createRun(newRun(at(0), ALIVE));
    CheckResult failed =
        checkResult(
            nightly.id(), ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.FAIL, at(10));
    store.recordCheckResults(List.of(failed));
    assertThat(store.latestCheckResults(List.of(ORDERS))).containsExactly(failed);

    Run repair = store.createRun(newRun(at(100), ALIVE));
    CheckResult passed =
        checkResult(
            repair.id(), ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.PASS, at(110));
    store.recordCheckResults(List.of(passed));

    assertThat(store.latestCheckResults(List.of(ORDERS))).containsExactly(passed);
    assertThat(passed.message()).isEmpty();
    assertThat(passed.sample()).isEmpty();
    assertThat(store.checkResults(nightly.id())).containsExactly(failed);
    assertThat(store.checkResults(repair.id())).containsExactly(passed);
  }

  @Test
  void latestCheckResultsOfNoAssetsAreThoseOfEveryAsset() {
    CheckResult orders1 =
        checkResult(1, ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.FAIL, at(1));
    CheckResult orders2 =
        checkResult(1, ORDERS, "not_null(user_id)", "2024-03-02", CheckStatus.PASS, at(1));
    CheckResult revenue = checkResult(1, REVENUE, "row_count", "all", CheckStatus.PASS, at(1));
    CheckResult kpis =
        checkResult(0, asset("weekly_kpis"), "row_count", "all", CheckStatus.PASS, at(1));
    store.recordCheckResults(List.of(orders1, orders2, revenue, kpis));

    assertThat(store.latestCheckResults(List.of()))
        .containsExactlyInAnyOrder(orders1, orders2, revenue, kpis);
    assertThat(store.latestCheckResults(List.of(ORDERS, asset("weekly_kpis"), ORDERS)))
        .containsExactlyInAnyOrder(orders1, orders2, kpis);
    assertThat(store.latestCheckResults(List.of(REVENUE))).containsExactly(revenue);
    assertThat(store.latestCheckResults(List.of(asset("unknown")))).isEmpty();
  }

  @Test
  void checkResultsOfARunAreItsOwnInInsertionOrder() {
    Run run = store.createRun(newRun());
    Run otherRun = store.createRun(newRun());
    // Neither by asset, check, partition nor time: as recorded.
    CheckResult first =
        checkResult(run.id(), REVENUE, "unique(id)", "2024-03-02", CheckStatus.PASS, at(30));
    CheckResult second =
        checkResult(run.id(), ORDERS, "row_count", "2024-03-01", CheckStatus.FAIL, at(20));
    CheckResult ofOther =
        checkResult(otherRun.id(), ORDERS, "row_count", "all", CheckStatus.PASS, at(25));
    CheckResult onDemand = checkResult(0, ORDERS, "row_count", "all", CheckStatus.PASS, at(26));
    CheckResult third =
        checkResult(run.id(), ORDERS, "row_count", "2024-03-01", CheckStatus.PASS, at(10));
    CheckResult fourth =
        checkResult(run.id(), ORDERS, "a_check", "2024-03-01", CheckStatus.WARN, at(10));

    store.recordCheckResults(List.of(first, second, ofOther));
    store.recordCheckResults(List.of(onDemand, third, fourth));

    assertThat(store.checkResults(run.id())).containsExactly(first, second, third, fourth);
    assertThat(store.checkResults(otherRun.id())).containsExactly(ofOther);
    assertThat(store.checkResults(0)).containsExactly(onDemand);
    assertThat(store.checkResults(987_654)).isEmpty();
  }

  @Test
  void recordingNoCheckResultsWritesNothing() {
    store.recordCheckResults(List.of());

    assertThat(store.latestCheckResults(List.of())).isEmpty();
    assertThat(store.checkResults(0)).isEmpty();
  }

  @Test
  void checkResultsWhoseLatestStateCannotBeWrittenAreNotRecorded() throws SQLException {
    CheckResult result =
        checkResult(1, ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.FAIL, at(1));
    renameTable("check_latest", "check_latest_away");
    try {
      assertThatThrownBy(() -> store.recordCheckResults(List.of(result)))
          .isInstanceOf(TidemarkException.class)
          .extracting(e -> ((TidemarkException) e).code())
          .isEqualTo(ErrorCode.STATE_STORE);
    } finally {
      renameTable("check_latest_away", "check_latest");
    }

    assertThat(store.checkResults(1)).isEmpty();
    assertThat(store.latestCheckResults(List.of())).isEmpty();
  }

  @Test
  void aHundredThousandCheckResultsAreRecordedInOneCallAndTheLatestReadBackInFull() {
    // 1,100 assets × 40 days × 2 checks, then 12,000 of those checked again, later, in the same
    // call: 100,000 results.
    Run run = store.createRun(newRun());
    List<CheckResult> results = new ArrayList<>(100_000);
    for (int model = 0; model < 1_100; model++) {
      for (int day = 0; day < 40; day++) {
        for (String check : List.of("not_null(user_id)", "volume_anomaly")) {
          results.add(
              checkResult(
                  run.id(),
                  asset("model_" + model),
                  check,
                  "2024-01-" + day,
                  CheckStatus.FAIL,
                  at(day)));
        }
      }
    }
    for (int i = 0; i < 12_000; i++) {
      CheckResult earlier = results.get(i * 7);
      results.add(
          checkResult(
              run.id(),
              earlier.asset(),
              earlier.check(),
              earlier.partition(),
              CheckStatus.PASS,
              at(100)));
    }
    assertThat(results).hasSize(100_000);
    List<AssetName> wanted = IntStream.range(0, 1_000).mapToObj(i -> asset("model_" + i)).toList();
    Set<AssetName> wantedSet = Set.copyOf(wanted);
    // Every result is checked no earlier than those before it: the last of each key is latest.
    Map<List<Object>, CheckResult> expectedLatest = new HashMap<>();
    for (CheckResult result : results) {
      if (wantedSet.contains(result.asset())) {
        expectedLatest.put(List.of(result.asset(), result.check(), result.partition()), result);
      }
    }

    store.recordCheckResults(results);

    assertThat(store.checkResults(run.id())).isEqualTo(results);
    List<CheckResult> latest = store.latestCheckResults(wanted);
    assertThat(latest).hasSize(80_000);
    assertThat(new HashSet<>(latest)).isEqualTo(new HashSet<>(expectedLatest.values()));
    assertThat(latest).filteredOn(result -> result.status() == CheckStatus.PASS).isNotEmpty();
    assertThat(store.latestCheckResults(List.of())).hasSize(88_000);
  }

  private void renameTable(String from, String to) throws SQLException {
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE " + from + " RENAME TO " + to);
    }
  }

  private TaskAttempt attempt(long runId, long attemptId) {
    return store.attempts(runId).stream()
        .filter(attempt -> attempt.id() == attemptId)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void rowCountsStreamEachPartitionThatHoldsDataOfTheAssetsAsked() {
    AssetName daily = AssetName.parse("marts.daily");
    AssetName hourly = AssetName.parse("marts.hourly");
    AssetName other = AssetName.parse("marts.other");
    store.putPartitions(
        List.of(
            withRows(StateFixtures.materialized(daily, "2024-01-01", 1), 10),
            withRows(StateFixtures.materialized(daily, "2024-01-02", 1), 20),
            withRows(
                StateFixtures.state(
                    daily, "2024-01-03", PartitionStatus.FAILED, "x", 1, StateFixtures.T0),
                99),
            withRows(StateFixtures.materialized(hourly, "2024-01-01T13", 1), 7),
            withRows(StateFixtures.materialized(other, "2024-01-01", 1), 5)));

    List<String> counts = new ArrayList<>();
    store.rowCounts(
        List.of(daily, hourly),
        (asset, partition, rows) -> counts.add(asset + " " + partition + " " + rows));

    assertThat(counts)
        .containsExactlyInAnyOrder(
            "marts.daily 2024-01-01 10",
            "marts.daily 2024-01-02 20",
            "marts.hourly 2024-01-01T13 7");
    List<String> none = new ArrayList<>();
    store.rowCounts(List.of(), (asset, partition, rows) -> none.add(partition));
    assertThat(none).isEmpty();
  }

  private static PartitionState withRows(PartitionState state, long rows) {
    return new PartitionState(
        state.asset(),
        state.partition(),
        state.status(),
        state.dataVersion(),
        state.codeVersion(),
        state.inputVersion(),
        new TaskStatistics(rows, 0, 0, 0, 0),
        state.runId(),
        state.updatedAt());
  }
}
