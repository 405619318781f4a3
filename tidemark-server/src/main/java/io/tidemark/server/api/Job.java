package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.Run;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** A run asked for through the API, from the queue to its end. Safe to read from any thread. */
public final class Job {
  /** Where a job is. */
  public enum Status {
    QUEUED,
    RUNNING,
    /** Its run ended (whatever the run's own status), or there was nothing to run. */
    ENDED,
    /** It could not run: the reason is its message. */
    FAILED,
    /** Cancelled before it started. A running job cancelled ends with its run interrupted. */
    CANCELLED;

    public boolean isEnded() {
      return this == ENDED || this == FAILED || this == CANCELLED;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What was asked for.
   *
   * @param kind backfill or repair
   * @param selection what a backfill builds; empty for everything
   * @param rangeStart first day
   * @param rangeEnd last day
   * @param force whether a backfill rebuilds what is up to date
   * @param repairId the repair a repair job runs; null for a backfill
   * @param submittedBy the token's name, or {@code local} on an open server
   */
  public record Request(
      String kind,
      String selection,
      String rangeStart,
      String rangeEnd,
      boolean force,
      Long repairId,
      int plannedTasks,
      String submittedBy) {
    public Request {
      requireNonNull(kind, "kind is null");
      requireNonNull(selection, "selection is null");
      requireNonNull(rangeStart, "rangeStart is null");
      requireNonNull(rangeEnd, "rangeEnd is null");
      requireNonNull(submittedBy, "submittedBy is null");
    }
  }

  private final long id;
  private final Request request;
  private final Instant submittedAt;
  private final Cancellation cancellation = new Cancellation();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private Status status = Status.QUEUED;
  private Long runId;
  private Integer tasks;
  private RunSummary summary;
  private RuntimeException failure;
  private Instant endedAt;
  private boolean cancelledByRequest;

  Job(long id, Request request, Instant submittedAt) {
    this.id = id;
    this.request = requireNonNull(request, "request is null");
    this.submittedAt = requireNonNull(submittedAt, "submittedAt is null");
  }

  public long id() {
    return id;
  }

  public Request request() {
    return request;
  }

  public Instant submittedAt() {
    return submittedAt;
  }

  Cancellation cancellation() {
    return cancellation;
  }

  /** Completes when the run is recorded or the job ends without one. */
  CompletableFuture<Void> started() {
    return started;
  }

  public synchronized Status status() {
    return status;
  }

  /** The run; null until it is recorded, and for a job that had nothing to run. */
  public synchronized Long runId() {
    return runId;
  }

  /** Tasks of the run; before it starts, those planned when it was asked for. */
  public synchronized int tasks() {
    return tasks == null ? request.plannedTasks() : tasks;
  }

  /** The run's summary once it ended; null before, or when there was nothing to run. */
  public synchronized RunSummary summary() {
    return summary;
  }

  synchronized RuntimeException failure() {
    return failure;
  }

  public synchronized Instant endedAt() {
    return endedAt;
  }

  /** What happened, in words; empty while it waits or runs. */
  public synchronized String message() {
    return switch (status) {
      case QUEUED, RUNNING -> "";
      case CANCELLED -> "cancelled before it started";
      case FAILED -> failure == null ? "failed" : failure.getMessage();
      case ENDED ->
          summary == null
              ? "nothing to run: every partition asked for is up to date"
              : "run " + summary.runId() + " " + summary.status().name().toLowerCase(Locale.ROOT);
    };
  }

  /** Takes a slot: false when it was cancelled while it waited. */
  synchronized boolean begin() {
    if (status != Status.QUEUED) {
      return false;
    }
    status = Status.RUNNING;
    return true;
  }

  synchronized void runStarted(Run run, int taskCount) {
    runId = run.id();
    tasks = taskCount;
    started.complete(null);
  }

  synchronized void end(RunSummary summary, RuntimeException failure, Instant now) {
    this.summary = summary;
    this.failure = failure;
    status = failure == null ? Status.ENDED : Status.FAILED;
    endedAt = now;
    started.complete(null);
  }

  /** Whether someone asked to cancel it (not a server stopping). */
  synchronized boolean cancelledByRequest() {
    return cancelledByRequest;
  }

  /**
   * Cancels it: false when it had already ended.
   *
   * @param byRequest someone asked to (not a server stopping)
   */
  boolean cancel(Instant now, boolean byRequest) {
    synchronized (this) {
      if (status.isEnded()) {
        return false;
      }
      cancelledByRequest |= byRequest;
      if (status == Status.QUEUED) {
        status = Status.CANCELLED;
        endedAt = now;
        started.complete(null);
        return true;
      }
    }
    cancellation.cancel();
    return true;
  }

  @Override
  public String toString() {
    return "queued run " + id + " (" + request.kind() + ")";
  }
}
