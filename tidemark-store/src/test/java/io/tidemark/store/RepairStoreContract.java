package io.tidemark.store;

import static io.tidemark.store.StateFixtures.ALIVE;
import static io.tidemark.store.StateFixtures.GONE;
import static io.tidemark.store.StateFixtures.STATISTICS;
import static io.tidemark.store.StateFixtures.asset;
import static io.tidemark.store.StateFixtures.at;
import static io.tidemark.store.StateFixtures.materialized;
import static io.tidemark.store.StateFixtures.newRepair;
import static io.tidemark.store.StateFixtures.newRun;
import static io.tidemark.store.StateFixtures.repairRun;
import static io.tidemark.store.StateFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.state.NewRepair;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RepairStatus;
import io.tidemark.core.state.RepairTask;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every store does with repair plans and the runs that execute them. */
interface RepairStoreContract extends StoreContract {
  @Test
  default void createdRepairIsPlannedAndKeepsItsTasksInPlanOrder() {
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

    Repair repair = store().createRepair(planned);

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
    assertThat(store().findRepair(repair.id())).contains(expected);
    assertThat(store().recentRepairs(10)).containsExactly(expected);
    assertThat(store().repairTasks(repair.id())).containsExactlyElementsOf(tasks);
    assertThat(store().repairRuns(repair.id())).isEmpty();
    assertThat(store().completedRepairTasks(repair.id())).isEmpty();
  }

  @Test
  default void unknownRepairsAreEmpty() {
    assertThat(store().findRepair(987_654)).isEmpty();
    assertThat(store().repairTasks(987_654)).isEmpty();
    assertThat(store().completedRepairTasks(987_654)).isEmpty();
    assertThat(store().repairRuns(987_654)).isEmpty();
  }

  @Test
  default void aRepairPlanListingATaskTwiceIsRefused() {
    List<RepairTask> tasks =
        List.of(
            task(ORDERS, "2024-03-01"), task(REVENUE, "2024-03-01"), task(ORDERS, "2024-03-01"));

    assertThatThrownBy(() -> store().createRepair(newRepair(tasks)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("analytics.daily_orders 2024-03-01");
    assertThat(store().recentRepairs(10)).isEmpty();
  }

  @Test
  default void recentRepairsAreNewestFirst() {
    Repair oldest = store().createRepair(newRepair(at(0), List.of(task(ORDERS, "2024-03-01"))));
    Repair newest = store().createRepair(newRepair(at(7200), List.of()));
    Repair middle = store().createRepair(newRepair(at(3600), List.of(task(ORDERS, "2024-03-01"))));

    assertThat(store().recentRepairs(10)).containsExactly(newest, middle, oldest);
    assertThat(store().recentRepairs(2)).containsExactly(newest, middle);
    assertThat(store().recentRepairs(0)).isEmpty();
  }

  @Test
  default void repairStatusFollowsItsLatestRun() {
    List<RepairTask> tasks = List.of(task(ORDERS, "2024-03-01"), task(ORDERS, "2024-03-02"));
    Repair repair = store().createRepair(newRepair(tasks));
    Repair other = store().createRepair(newRepair(List.of(task(REVENUE, "2024-03-01"))));
    assertThat(store().findRepair(repair.id()).orElseThrow().status())
        .isEqualTo(RepairStatus.PLANNED);

    Run first = store().startRepairRun(repair.id(), tasks, repairRun(at(10), ALIVE));
    assertRepair(repair.id(), RepairStatus.RUNNING, first.id());
    store().finishRun(first.id(), RunStatus.SUCCEEDED, at(20));
    assertRepair(repair.id(), RepairStatus.SUCCEEDED, first.id());

    Run second = store().startRepairRun(repair.id(), tasks, repairRun(at(30), ALIVE));
    assertRepair(repair.id(), RepairStatus.RUNNING, second.id());
    store().finishRun(second.id(), RunStatus.FAILED, at(40));
    assertRepair(repair.id(), RepairStatus.FAILED, second.id());

    Run third = store().startRepairRun(repair.id(), tasks, repairRun(at(50), GONE));
    store().markInterrupted(owner -> owner.equals(GONE), at(60));
    assertRepair(repair.id(), RepairStatus.INTERRUPTED, third.id());

    // Runs that are not the repair's, started after its latest, leave it alone.
    store().createRun(newRun(at(70), ALIVE));
    Run ofOther =
        store()
            .startRepairRun(
                other.id(), List.of(task(REVENUE, "2024-03-01")), repairRun(at(80), ALIVE));
    assertRepair(repair.id(), RepairStatus.INTERRUPTED, third.id());
    assertRepair(other.id(), RepairStatus.RUNNING, ofOther.id());

    assertThat(store().repairRuns(repair.id()))
        .extracting(Run::id, Run::status)
        .containsExactly(
            tuple(first.id(), RunStatus.SUCCEEDED),
            tuple(second.id(), RunStatus.FAILED),
            tuple(third.id(), RunStatus.INTERRUPTED));
    assertThat(store().recentRepairs(10))
        .extracting(Repair::id, Repair::status)
        .containsExactlyInAnyOrder(
            tuple(repair.id(), RepairStatus.INTERRUPTED), tuple(other.id(), RepairStatus.RUNNING));
  }

  private void assertRepair(long repairId, RepairStatus status, long latestRunId) {
    Repair repair = store().findRepair(repairId).orElseThrow();
    assertThat(repair.status()).isEqualTo(status);
    assertThat(repair.latestRunId()).isEqualTo(latestRunId);
    assertThat(repair.latestRun()).hasValue(latestRunId);
  }

  @Test
  default void aStartedRepairRunIsCreatedLikeAnyRun() {
    Repair repair = store().createRepair(newRepair(List.of(task(ORDERS, "2024-03-01"))));
    NewRun newRun = repairRun(Instant.parse("2024-03-05T10:15:30.123456Z"), ALIVE);

    Run run = store().startRepairRun(repair.id(), List.of(task(ORDERS, "2024-03-01")), newRun);

    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.trigger()).isEqualTo(RunTrigger.REPAIR);
    assertThat(run.startedAt()).isEqualTo(Instant.parse("2024-03-05T10:15:30.123Z"));
    assertThat(run.taskCount()).isEqualTo(newRun.taskCount());
    assertThat(store().findRun(run.id())).contains(run);
    assertThat(store().runningRuns()).containsExactly(run);
    assertThat(store().repairRuns(repair.id())).containsExactly(run);
  }

  @Test
  default void completedRepairTasksCountOnlySucceededAttemptsOfTheRepairsOwnRuns() {
    RepairTask orders1 = task(ORDERS, "2024-03-01");
    RepairTask orders2 = task(ORDERS, "2024-03-02");
    RepairTask revenue1 = task(REVENUE, "2024-03-01");
    RepairTask revenue2 = task(REVENUE, "2024-03-02");
    List<RepairTask> tasks = List.of(orders1, orders2, revenue1, revenue2);
    Repair repair = store().createRepair(newRepair(tasks));
    Repair other = store().createRepair(newRepair(List.of(revenue1, revenue2)));

    // Its first run: one success, one failure then a success, one failure, one skip, and a
    // success on a partition outside its plan.
    Run first = store().startRepairRun(repair.id(), tasks, repairRun(at(0), ALIVE));
    succeed(first.id(), orders1, 1);
    fail(first.id(), orders2, 1);
    succeed(first.id(), orders2, 2);
    fail(first.id(), revenue1, 1);
    store().recordSkipped(first.id(), REVENUE, "2024-03-02", "upstream failed", at(5));
    succeed(first.id(), task(ORDERS, "2024-03-03"), 1);
    store().finishRun(first.id(), RunStatus.FAILED, at(10));
    // Other runs write the rest: a plain run and a run of another repair.
    Run plain = store().createRun(newRun(at(20), ALIVE));
    succeed(plain.id(), revenue1, 1);
    store().finishRun(plain.id(), RunStatus.SUCCEEDED, at(30));
    Run ofOther =
        store().startRepairRun(other.id(), List.of(revenue1, revenue2), repairRun(at(40), ALIVE));
    succeed(ofOther.id(), revenue2, 1);
    store().finishRun(ofOther.id(), RunStatus.SUCCEEDED, at(50));

    assertThat(store().completedRepairTasks(repair.id()))
        .containsExactlyInAnyOrder(orders1, orders2);
    assertThat(store().completedRepairTasks(other.id())).containsExactly(revenue2);

    // Its second run completes what was left, and what is already complete stays so.
    Run second =
        store().startRepairRun(repair.id(), List.of(revenue1, revenue2), repairRun(at(60), ALIVE));
    succeed(second.id(), revenue1, 1);
    long running = store().startAttempt(second.id(), REVENUE, "2024-03-02", 1, at(61));

    assertThat(store().completedRepairTasks(repair.id()))
        .containsExactlyInAnyOrder(orders1, orders2, revenue1);

    store()
        .finishAttempt(
            running, TaskStatus.SUCCEEDED, at(62), "", STATISTICS, "v1", Optional.empty());

    assertThat(store().completedRepairTasks(repair.id()))
        .containsExactlyInAnyOrderElementsOf(tasks);
  }

  private void succeed(long runId, RepairTask task, int attempt) {
    long id = store().startAttempt(runId, task.asset(), task.partition(), attempt, at(1));
    store()
        .finishAttempt(
            id,
            TaskStatus.SUCCEEDED,
            at(2),
            "",
            STATISTICS,
            "data-" + task.partition(),
            Optional.of(materialized(task.asset(), task.partition(), runId)));
  }

  private void fail(long runId, RepairTask task, int attempt) {
    long id = store().startAttempt(runId, task.asset(), task.partition(), attempt, at(1));
    store().finishAttempt(id, TaskStatus.FAILED, at(2), "boom", STATISTICS, "", Optional.empty());
  }

  @Test
  default void startRepairRunRefusesAnOverlapWithARunningRepairNamingItAndWritesNothing() {
    List<RepairTask> running =
        IntStream.rangeClosed(1, 5).mapToObj(day -> task(ORDERS, "2024-03-0" + day)).toList();
    Repair first = store().createRepair(newRepair(running));
    Run firstRun = store().startRepairRun(first.id(), running, repairRun(at(0), ALIVE));
    // Shares four tasks with the running repair, of which the message names three.
    List<RepairTask> overlapping =
        List.of(
            task(REVENUE, "2024-03-01"),
            task(ORDERS, "2024-03-02"),
            task(ORDERS, "2024-03-03"),
            task(ORDERS, "2024-03-04"),
            task(ORDERS, "2024-03-05"),
            task(ORDERS, "2024-03-06"));
    Repair second = store().createRepair(newRepair(overlapping));

    assertThatThrownBy(
            () -> store().startRepairRun(second.id(), overlapping, repairRun(at(10), ALIVE)))
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

    assertThat(store().recentRuns(10)).containsExactly(firstRun);
    assertThat(store().repairRuns(second.id())).isEmpty();
    assertThat(store().findRepair(second.id()).orElseThrow().status())
        .isEqualTo(RepairStatus.PLANNED);
  }

  @Test
  default void startRepairRunRefusesARepairThatIsAlreadyRunning() {
    List<RepairTask> tasks = List.of(task(ORDERS, "2024-03-01"));
    Repair repair = store().createRepair(newRepair(tasks));
    Run run = store().startRepairRun(repair.id(), tasks, repairRun(at(0), ALIVE));

    assertThatThrownBy(() -> store().startRepairRun(repair.id(), tasks, repairRun(at(10), ALIVE)))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("repair " + repair.id() + " is running (run " + run.id() + ")")
        .hasMessageContaining("1 task with it: analytics.daily_orders 2024-03-01")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.CONFLICT);
    assertThat(store().repairRuns(repair.id())).containsExactly(run);
  }

  @Test
  default void startRepairRunIsAllowedOnceTheOverlappingRunFinished() {
    List<RepairTask> tasks = List.of(task(ORDERS, "2024-03-01"), task(ORDERS, "2024-03-02"));
    Repair first = store().createRepair(newRepair(tasks));
    Repair second = store().createRepair(newRepair(tasks));
    Run failed = store().startRepairRun(first.id(), tasks, repairRun(at(0), ALIVE));
    store().finishRun(failed.id(), RunStatus.FAILED, at(10));

    Run secondRun = store().startRepairRun(second.id(), tasks, repairRun(at(20), GONE));
    store().markInterrupted(owner -> owner.equals(GONE), at(30));
    Run firstAgain = store().startRepairRun(first.id(), tasks, repairRun(at(40), ALIVE));

    assertThat(store().repairRuns(second.id())).extracting(Run::id).containsExactly(secondRun.id());
    assertThat(store().repairRuns(first.id()))
        .extracting(Run::id)
        .containsExactly(failed.id(), firstAgain.id());
    assertThat(store().runningRuns()).containsExactly(firstAgain);
  }

  @Test
  default void repairsWithoutSharedTasksRunAtOnce() {
    List<RepairTask> orders = List.of(task(ORDERS, "2024-03-01"), task(ORDERS, "2024-03-02"));
    List<RepairTask> revenue = List.of(task(REVENUE, "2024-03-01"), task(REVENUE, "2024-03-02"));
    Repair first = store().createRepair(newRepair(orders));
    Repair second = store().createRepair(newRepair(revenue));
    Repair third = store().createRepair(newRepair(List.of()));

    Run firstRun = store().startRepairRun(first.id(), orders, repairRun(at(0), ALIVE));
    Run secondRun = store().startRepairRun(second.id(), revenue, repairRun(at(1), ALIVE));
    Run thirdRun = store().startRepairRun(third.id(), List.of(), repairRun(at(2), ALIVE));

    assertThat(store().runningRuns()).containsExactly(firstRun, secondRun, thirdRun);
  }

  @Test
  default void startRepairRunOfAnUnknownRepairIsNotFoundAndWritesNothing() {
    assertThatThrownBy(
            () ->
                store()
                    .startRepairRun(
                        987_654, List.of(task(ORDERS, "2024-03-01")), repairRun(at(0), ALIVE)))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("987654")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(store().recentRuns(10)).isEmpty();
  }

  @Test
  default void plansOfAHundredThousandTasksAreStoredAndCheckedInFull() {
    List<RepairTask> tasks =
        IntStream.range(0, 100_000)
            .mapToObj(i -> task(asset("model_" + (i % 100)), "2024-03-01T" + i))
            .toList();
    Repair big = store().createRepair(newRepair(tasks));
    store().startRepairRun(big.id(), tasks, repairRun(at(0), ALIVE));
    // Another plan as large, sharing only the first plan's last task.
    List<RepairTask> others =
        IntStream.range(0, 100_000)
            .mapToObj(i -> task(asset("other_" + (i % 100)), "2024-03-01T" + i))
            .collect(Collectors.toCollection(ArrayList::new));
    others.set(50_000, tasks.get(99_999));
    Repair other = store().createRepair(newRepair(others));

    assertThat(store().findRepair(big.id()).orElseThrow().taskCount()).isEqualTo(100_000);
    assertThat(store().repairTasks(big.id())).isEqualTo(tasks);
    assertThatThrownBy(() -> store().startRepairRun(other.id(), others, repairRun(at(1), ALIVE)))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("1 task with it: analytics.model_99 2024-03-01T99999")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  default void overlappingRepairStartsFromTwoStoresAtOnceLetExactlyOneThrough() throws Exception {
    int rounds = 20;
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try (StateStore firstStore = openStore();
        StateStore secondStore = openStore()) {
      for (int round = 0; round < rounds; round++) {
        String partition = "2024-03-" + (10 + round);
        Repair first =
            store()
                .createRepair(
                    newRepair(List.of(task(ORDERS, partition), task(REVENUE, partition))));
        Repair second =
            store()
                .createRepair(
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
        assertThat(store().runningRuns()).containsExactlyElementsOf(started);
        store().finishRun(started.get(0).id(), RunStatus.SUCCEEDED, at(round));
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
