package io.tidemark.core.schedule;

import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler's part of the state store: the fires of each schedule and the scheduler lease.
 * Implemented over the same database as {@link io.tidemark.core.state.StateStore}, on SQLite and
 * PostgreSQL alike (one contract test suite runs against each).
 *
 * <p>Every method is its own transaction. {@link #recordFire} records a fire once, whatever other
 * processes do: the fire of a schedule at a time is unique. {@link #acquireLease} reads and takes
 * the lease in one transaction that excludes every other taker, also in other processes.
 *
 * <p>Failures surface as {@link io.tidemark.core.TidemarkException} with code {@code STATE_STORE}.
 */
public interface ScheduleStore {
  /** When the schedule was first seen; the first call for a schedule records {@code now}. */
  Instant firstSeen(String schedule, Instant now);

  /**
   * Records a fire in status {@link FireStatus#WAITING}.
   *
   * @return the fire with its id; empty when the schedule's fire at that time is already recorded
   */
  Optional<Fire> recordFire(
      String schedule, Instant fireTime, Instant windowStart, String detail, Instant now);

  /** A fire to record with {@link #recordFires}. */
  record DueFire(String schedule, Instant fireTime, Instant windowStart) {
    public DueFire {
      java.util.Objects.requireNonNull(schedule, "schedule is null");
      java.util.Objects.requireNonNull(fireTime, "fireTime is null");
      java.util.Objects.requireNonNull(windowStart, "windowStart is null");
    }
  }

  /**
   * Records fires in status {@link FireStatus#WAITING}, all in one transaction, as {@link
   * #recordFire} records one.
   *
   * @return the fires recorded now, in the order given; a fire recorded before is left out
   */
  List<Fire> recordFires(List<DueFire> fires, Instant now);

  /** A fire to start with {@link #startFires}: its run, and the fire's detail. */
  record FireStart(long fireId, NewRun run, String detail) {
    public FireStart {
      java.util.Objects.requireNonNull(run, "run is null");
      java.util.Objects.requireNonNull(detail, "detail is null");
    }
  }

  /**
   * Starts fires in one transaction: records each one's run, in status running, and moves the fire
   * to {@link FireStatus#RUNNING} with that run. A fire and its run are recorded together or not at
   * all, so no restart finds a run without its fire or a running fire without its run.
   *
   * @return the runs, in the order given
   * @throws io.tidemark.core.TidemarkException {@code NOT_FOUND} for an unknown fire (nothing is
   *     recorded then)
   */
  List<Run> startFires(List<FireStart> starts, Instant now);

  /**
   * Moves fires to {@code status}, each with its detail, in one transaction (the recorded runs are
   * left as they are).
   *
   * @throws io.tidemark.core.TidemarkException {@code NOT_FOUND} for an unknown fire (nothing is
   *     changed then)
   */
  void updateFires(java.util.Map<Long, String> details, FireStatus status, Instant now);

  /**
   * Moves a fire on.
   *
   * @param runId the run started for it; 0 leaves the recorded run as it is
   * @throws io.tidemark.core.TidemarkException {@code NOT_FOUND} for an unknown fire
   */
  void updateFire(long fireId, FireStatus status, long runId, String detail, Instant now);

  Optional<Fire> findFire(long fireId);

  /** The schedule's fire with the latest fire time. */
  Optional<Fire> latestFire(String schedule);

  /** Fires {@link FireStatus#isOpen() open}, oldest fire time first. */
  List<Fire> openFires();

  /** The latest fires of every schedule, latest fire time first, at most {@code limit}. */
  List<Fire> recentFires(int limit);

  /**
   * Takes or renews the scheduler lease for {@code holder} until {@code now + ttl}, unless another
   * holder's lease is unexpired at {@code now}.
   *
   * @return the lease as it stands after the call: held by {@code holder}, or by the other
   */
  Lease acquireLease(String holder, Instant now, Duration ttl);

  /** Gives the lease up, when {@code holder} holds it, so another scheduler takes over at once. */
  void releaseLease(String holder);

  /** The lease as it stands. */
  Lease lease();
}
