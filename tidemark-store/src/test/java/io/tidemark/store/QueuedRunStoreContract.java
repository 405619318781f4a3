package io.tidemark.store;

import static io.tidemark.store.StateFixtures.ALIVE;
import static io.tidemark.store.StateFixtures.GONE;
import static io.tidemark.store.StateFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.state.QueuedRun;
import io.tidemark.core.state.RunOwner;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every store does with the runs a server's API queued. */
interface QueuedRunStoreContract extends StoreContract {
  RunOwner NEW_SERVER = new RunOwner("runner-2", 777, Instant.parse("2024-03-05T11:00:00Z"));

  private static QueuedRun asked(String kind, boolean force, long repairId, RunOwner owner) {
    return new QueuedRun(
        0,
        kind,
        kind.equals("repair") ? "repair " + repairId : "daily_orders+",
        "2024-03-01",
        "2024-03-05",
        force,
        repairId,
        12,
        "ops",
        at(5),
        QueuedRun.Status.QUEUED,
        0,
        owner);
  }

  @Test
  default void aQueuedRunIsKeptWithEveryFieldAndItsStatusAndRunFollowIt() {
    QueuedRun backfill = store().enqueue(asked("backfill", true, 0, ALIVE));
    QueuedRun repair = store().enqueue(asked("repair", false, 9, ALIVE));
    assertThat(repair.id()).isGreaterThan(backfill.id());
    assertThat(store().recentQueuedRuns(10)).containsExactly(repair, backfill);
    assertThat(backfill.status()).isEqualTo(QueuedRun.Status.QUEUED);
    assertThat(backfill.force()).isTrue();
    assertThat(repair.repairId()).isEqualTo(9);

    store().updateQueuedRun(backfill.id(), QueuedRun.Status.RUNNING, 41, at(6));
    store().updateQueuedRun(repair.id(), QueuedRun.Status.CANCELLED, 0, at(7));
    List<QueuedRun> kept = store().recentQueuedRuns(10);
    assertThat(kept.get(1).status()).isEqualTo(QueuedRun.Status.RUNNING);
    assertThat(kept.get(1).runId()).isEqualTo(41);
    assertThat(kept.get(0).status()).isEqualTo(QueuedRun.Status.CANCELLED);
    assertThat(store().recentQueuedRuns(1)).hasSize(1);

    assertThatThrownBy(() -> store().updateQueuedRun(9999, QueuedRun.Status.ENDED, 0, at(8)))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  default void theUnfinishedQueuedRunsOfAGoneServerAreTakenOverOnceAndQueuedAgain() {
    QueuedRun waiting = store().enqueue(asked("backfill", false, 0, GONE));
    QueuedRun running = store().enqueue(asked("repair", false, 3, GONE));
    QueuedRun ended = store().enqueue(asked("backfill", false, 0, GONE));
    QueuedRun othersLive = store().enqueue(asked("backfill", false, 0, ALIVE));
    store().updateQueuedRun(running.id(), QueuedRun.Status.RUNNING, 17, at(6));
    store().updateQueuedRun(ended.id(), QueuedRun.Status.ENDED, 18, at(6));

    List<QueuedRun> adopted =
        store().adoptQueuedRuns(owner -> owner.equals(GONE), NEW_SERVER, at(9));
    assertThat(adopted).extracting(QueuedRun::id).containsExactly(waiting.id(), running.id());
    assertThat(adopted).allMatch(run -> run.owner().equals(NEW_SERVER));
    assertThat(adopted).allMatch(run -> run.status() == QueuedRun.Status.QUEUED);
    assertThat(adopted.get(1).runId()).as("its interrupted run, to resume").isEqualTo(17);

    // Taken over once: asked again for the gone owner's, nothing of it is left.
    assertThat(store().adoptQueuedRuns(owner -> owner.equals(GONE), ALIVE, at(10))).isEmpty();
    assertThat(store().adoptQueuedRuns(owner -> true, NEW_SERVER, at(11)))
        .extracting(QueuedRun::id)
        .containsExactly(waiting.id(), running.id(), othersLive.id());
  }
}
