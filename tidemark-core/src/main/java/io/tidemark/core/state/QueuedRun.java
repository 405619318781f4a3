package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A backfill or repair asked for through a server's API, kept in the state store from the moment it
 * is queued until it ends: a server that stops or dies leaves it there, and the next server on the
 * store runs it (a waiting one as asked, an interrupted one resumed).
 *
 * @param id assigned by the store; the queue's job id
 * @param kind {@code backfill} or {@code repair}
 * @param selection what a backfill builds (empty for everything); a repair's description
 * @param force whether a backfill rebuilds what is up to date
 * @param repairId the repair a repair job runs; 0 for a backfill
 * @param plannedTasks the tasks planned when it was asked for
 * @param submittedBy the token's name, or {@code local} on an open server
 * @param runId its latest run; 0 before any
 * @param owner the server process that runs it
 */
public record QueuedRun(
    long id,
    String kind,
    String selection,
    String rangeStart,
    String rangeEnd,
    boolean force,
    long repairId,
    int plannedTasks,
    String submittedBy,
    Instant submittedAt,
    Status status,
    long runId,
    RunOwner owner) {
  /** Where it stands; {@link #QUEUED} and {@link #RUNNING} are unfinished. */
  public enum Status {
    QUEUED,
    RUNNING,
    ENDED,
    FAILED,
    CANCELLED;

    public boolean isFinished() {
      return this == ENDED || this == FAILED || this == CANCELLED;
    }
  }

  public QueuedRun {
    requireNonNull(kind, "kind is null");
    requireNonNull(selection, "selection is null");
    requireNonNull(rangeStart, "rangeStart is null");
    requireNonNull(rangeEnd, "rangeEnd is null");
    requireNonNull(submittedBy, "submittedBy is null");
    requireNonNull(submittedAt, "submittedAt is null");
    requireNonNull(status, "status is null");
    requireNonNull(owner, "owner is null");
  }
}
