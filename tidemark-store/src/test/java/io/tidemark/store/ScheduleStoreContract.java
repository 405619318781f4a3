package io.tidemark.store;

import static io.tidemark.store.StateFixtures.T0;
import static io.tidemark.store.StateFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.FireStatus;
import io.tidemark.core.schedule.Lease;
import io.tidemark.core.schedule.ScheduleStore;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every store does with the scheduler's fires and lease. */
interface ScheduleStoreContract extends StoreContract {
  Duration TTL = Duration.ofSeconds(30);
  Instant NIGHT = Instant.parse("2024-03-05T03:00:00Z");

  private ScheduleStore schedules() {
    return schedulesOf(store());
  }

  private static ScheduleStore schedulesOf(StateStore store) {
    return ((JdbcStateStore) store).schedules();
  }

  @Test
  default void aScheduleIsFirstSeenOnce() {
    assertThat(schedules().firstSeen("nightly", T0)).isEqualTo(T0);
    assertThat(schedules().firstSeen("nightly", at(60))).isEqualTo(T0);
    assertThat(schedules().firstSeen("hourly", at(60))).isEqualTo(at(60));
  }

  @Test
  default void aFireIsRecordedOnceAndReadBack() {
    Fire fire =
        schedules()
            .recordFire("nightly", NIGHT, NIGHT.minus(Duration.ofDays(1)), "", at(1))
            .orElseThrow();

    assertThat(fire.status()).isEqualTo(FireStatus.WAITING);
    assertThat(fire.runId()).isZero();
    assertThat(schedules().recordFire("nightly", NIGHT, Instant.EPOCH, "again", at(2))).isEmpty();
    assertThat(schedules().findFire(fire.id())).contains(fire);
    assertThat(schedules().latestFire("nightly")).contains(fire);
    assertThat(schedules().latestFire("hourly")).isEmpty();
    assertThat(schedules().openFires()).containsExactly(fire);
  }

  @Test
  default void firesDueTogetherAreRecordedInOneGoOnlyOnce() {
    Fire before = schedules().recordFire("nightly", NIGHT, Instant.EPOCH, "", at(1)).orElseThrow();

    List<Fire> recorded =
        schedules()
            .recordFires(
                List.of(
                    new ScheduleStore.DueFire("nightly", NIGHT, Instant.EPOCH),
                    new ScheduleStore.DueFire("hourly", NIGHT, NIGHT.minus(Duration.ofHours(1)))),
                at(2));

    // nightly's was recorded before: only hourly's is new.
    assertThat(recorded).extracting(Fire::schedule).containsExactly("hourly");
    assertThat(recorded.get(0).status()).isEqualTo(FireStatus.WAITING);
    assertThat(schedules().openFires()).containsExactlyInAnyOrder(before, recorded.get(0));
  }

  @Test
  default void firesStartWithTheirRunsTogetherOrNotAtAll() {
    Fire nightly = schedules().recordFire("nightly", NIGHT, Instant.EPOCH, "", at(1)).orElseThrow();
    Fire hourly = schedules().recordFire("hourly", NIGHT, Instant.EPOCH, "", at(1)).orElseThrow();
    NewRun run =
        new NewRun(
            RunTrigger.SCHEDULE,
            "pipeline:nightly",
            "2024-03-04",
            "2024-03-04",
            3,
            at(2),
            new RunOwner("host", 1, Instant.EPOCH));

    assertThatThrownBy(
            () ->
                schedules()
                    .startFires(
                        List.of(
                            new ScheduleStore.FireStart(nightly.id(), run, "3 tasks"),
                            new ScheduleStore.FireStart(999_999, run, "3 tasks")),
                        at(2)))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("no fire 999999");
    assertThat(store().recentRuns(10)).isEmpty();
    assertThat(schedules().findFire(nightly.id()).orElseThrow().status())
        .isEqualTo(FireStatus.WAITING);

    List<Run> runs =
        schedules()
            .startFires(
                List.of(
                    new ScheduleStore.FireStart(nightly.id(), run, "3 tasks"),
                    new ScheduleStore.FireStart(hourly.id(), run, "3 tasks")),
                at(3));

    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).id()).isNotEqualTo(runs.get(1).id());
    Fire started = schedules().findFire(nightly.id()).orElseThrow();
    assertThat(started.status()).isEqualTo(FireStatus.RUNNING);
    assertThat(started.runId()).isEqualTo(runs.get(0).id());
    assertThat(started.detail()).isEqualTo("3 tasks");
    assertThat(schedules().findFire(hourly.id()).orElseThrow().runId()).isEqualTo(runs.get(1).id());
    assertThat(store().findRun(runs.get(0).id()).orElseThrow().status())
        .isEqualTo(RunStatus.RUNNING);
  }

  @Test
  default void aFireMovesOnAndKeepsItsRunWhenNoneIsGiven() {
    Fire fire = schedules().recordFire("nightly", NIGHT, Instant.EPOCH, "", at(1)).orElseThrow();

    schedules().updateFire(fire.id(), FireStatus.RUNNING, 42, "", at(2));
    schedules().updateFire(fire.id(), FireStatus.SUCCEEDED, 0, "12 tasks succeeded", at(3));

    assertThat(schedules().findFire(fire.id()))
        .contains(
            new Fire(
                fire.id(),
                "nightly",
                NIGHT,
                Instant.EPOCH,
                FireStatus.SUCCEEDED,
                42,
                "12 tasks succeeded",
                fire.recordedAt(),
                at(3).truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    assertThat(schedules().openFires()).isEmpty();
    assertThatThrownBy(
            () -> schedules().updateFire(fire.id() + 1000, FireStatus.FAILED, 0, "", at(4)))
        .isInstanceOf(TidemarkException.class)
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  default void openFiresAreOldestFirstAndRecentFiresNewestFirst() {
    Fire later =
        schedules().recordFire("hourly", NIGHT.plusSeconds(3600), NIGHT, "", at(1)).orElseThrow();
    Fire earlier = schedules().recordFire("nightly", NIGHT, Instant.EPOCH, "", at(2)).orElseThrow();
    Fire done = schedules().recordFire("hourly", NIGHT, Instant.EPOCH, "", at(3)).orElseThrow();
    schedules().updateFire(done.id(), FireStatus.TIMED_OUT, 0, "waited 6h", at(4));
    schedules().updateFire(later.id(), FireStatus.RUNNING, 7, "", at(5));

    assertThat(schedules().openFires())
        .extracting(Fire::id)
        .containsExactly(earlier.id(), later.id());
    assertThat(schedules().recentFires(2))
        .extracting(Fire::id)
        .containsExactly(later.id(), done.id());
    assertThat(schedules().latestFire("hourly")).get().extracting(Fire::id).isEqualTo(later.id());
  }

  @Test
  default void aFreeLeaseIsTakenAndRenewedByItsHolder() {
    assertThat(schedules().lease().holder()).isEmpty();

    Lease taken = schedules().acquireLease("server-a", T0, TTL);
    Lease renewed = schedules().acquireLease("server-a", at(10), TTL);

    assertThat(taken.isHeldBy("server-a", T0)).isTrue();
    assertThat(renewed.acquiredAt()).isEqualTo(taken.acquiredAt());
    assertThat(renewed.expiresAt())
        .isEqualTo(at(40).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(schedules().lease()).isEqualTo(renewed);
  }

  @Test
  default void aLeaseIsRefusedToOthersUntilItExpires() {
    schedules().acquireLease("server-a", T0, TTL);

    Lease refused = schedules().acquireLease("server-b", at(29), TTL);
    Lease taken = schedules().acquireLease("server-b", at(30), TTL);

    assertThat(refused.holder()).isEqualTo("server-a");
    assertThat(refused.isHeldBy("server-b", at(29))).isFalse();
    assertThat(taken.isHeldBy("server-b", at(30))).isTrue();
    assertThat(schedules().acquireLease("server-a", at(31), TTL).holder()).isEqualTo("server-b");
  }

  @Test
  default void aReleasedLeaseIsTakenAtOnceAndOnlyItsHolderReleasesIt() {
    schedules().acquireLease("server-a", T0, TTL);

    schedules().releaseLease("server-b");
    assertThat(schedules().acquireLease("server-b", at(1), TTL).holder()).isEqualTo("server-a");

    schedules().releaseLease("server-a");
    assertThat(schedules().acquireLease("server-b", at(2), TTL).isHeldBy("server-b", at(2)))
        .isTrue();
  }

  @Test
  default void twoStoresTakingTheLeaseAtOnceGiveItToExactlyOne() throws Exception {
    int rounds = 20;
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try (StateStore first = openStore();
        StateStore second = openStore()) {
      for (int round = 0; round < rounds; round++) {
        // Each round starts after the previous lease expired.
        Instant now = at(round * 100L);
        List<Future<Lease>> results = new ArrayList<>();
        for (StateStore each : List.of(first, second)) {
          String holder = each == first ? "server-a" : "server-b";
          results.add(
              executor.submit(
                  () -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return schedulesOf(each).acquireLease(holder, now, TTL);
                  }));
        }
        List<String> holders = new ArrayList<>();
        for (Future<Lease> result : results) {
          holders.add(result.get(60, TimeUnit.SECONDS).holder());
        }

        assertThat(holders).as("round %d", round).hasSize(2);
        assertThat(holders.get(0)).as("round %d", round).isEqualTo(holders.get(1));
        assertThat(schedules().lease().holder()).isEqualTo(holders.get(0));
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
