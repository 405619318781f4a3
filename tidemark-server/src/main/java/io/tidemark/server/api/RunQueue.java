package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.QueuedRun;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs asked for through the API (backfills, repairs), run in the server a bounded number at a
 * time, the rest waiting in order. Each is a {@link Job}: queued, then running under its run, then
 * ended; a job can be cancelled while it waits or runs.
 *
 * <p>Every job is kept in the state store ({@link QueuedRun}) from the moment it is queued until it
 * ends. A server that stops leaves its waiting jobs queued there and its running ones (their runs
 * interrupted) unfinished; a server that dies leaves both. The next server on the store takes them
 * over when it starts ({@link #takeOver}) and runs them: a waiting one as asked, an interrupted one
 * again (a backfill plans again, a repair resumes).
 */
public final class RunQueue {
  private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

  /** Jobs kept after they end, for {@code GET /api/v1/queue}; older ones are forgotten. */
  static final int ENDED_KEPT = 200;

  /** What a job does: one use case of the core, reporting its run to the listener. */
  @FunctionalInterface
  public interface Work {
    /**
     * @return the run's summary; empty when there was nothing to run
     */
    Optional<RunSummary> run(RunListener listener, Cancellation cancellation);
  }

  private final int slots;
  private final int capacity;
  private final Clock clock;
  private final ExecutorService executor;
  private final Function<RunTrigger, RunListener> observers;
  private final Deque<Job> jobs = new ArrayDeque<>();
  private final StateStore store;
  private final RunOwner owner;
  private volatile boolean stopping;

  /**
   * @param slots how many jobs run at once
   * @param capacity how many may wait; more are refused
   * @param observers a listener for each job's run, by its trigger (the server's metrics and
   *     alerts)
   * @param store where the jobs are kept until they end
   * @param owner this server's process, which the kept jobs name as theirs
   */
  public RunQueue(
      int slots,
      int capacity,
      Clock clock,
      Function<RunTrigger, RunListener> observers,
      StateStore store,
      RunOwner owner) {
    this.observers = requireNonNull(observers, "observers is null");
    this.store = requireNonNull(store, "store is null");
    this.owner = requireNonNull(owner, "owner is null");
    if (slots < 1 || capacity < 0) {
      throw new IllegalArgumentException("slots must be at least 1 and capacity not negative");
    }
    this.slots = slots;
    this.capacity = capacity;
    this.clock = requireNonNull(clock, "clock is null");
    AtomicInteger count = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            slots,
            work -> {
              Thread thread = new Thread(work, "tidemark-api-run-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  public int slots() {
    return slots;
  }

  /**
   * Queues a job; it starts as soon as a slot is free.
   *
   * @throws TidemarkException {@code CONFLICT} when the queue is full or the server stops
   */
  public synchronized Job submit(Job.Request request, Work work) {
    requireNonNull(request, "request is null");
    requireNonNull(work, "work is null");
    if (stopping) {
      throw new TidemarkException(ErrorCode.CONFLICT, "the server is stopping; nothing new starts");
    }
    long waiting = jobs.stream().filter(job -> job.status() == Job.Status.QUEUED).count();
    if (waiting >= capacity) {
      throw new TidemarkException(
          ErrorCode.CONFLICT,
          "the run queue is full ("
              + waiting
              + " waiting); try again when one has started, or cancel one (GET /api/v1/queue)");
    }
    Instant now = clock.instant();
    QueuedRun kept =
        store.enqueue(
            new QueuedRun(
                0,
                request.kind(),
                request.selection(),
                request.rangeStart(),
                request.rangeEnd(),
                request.force(),
                request.repairId() == null ? 0 : request.repairId(),
                request.plannedTasks(),
                request.submittedBy(),
                now,
                QueuedRun.Status.QUEUED,
                0,
                owner));
    Job job = new Job(kept.id(), request, now);
    jobs.addFirst(job);
    forgetOldJobs();
    executor.execute(() -> execute(job, work));
    return job;
  }

  /**
   * Takes over the jobs that servers now gone left unfinished in the state store, and queues them
   * here in the order they were asked for: a waiting one runs as asked, an interrupted one again.
   * Runs those servers left marked running are recorded interrupted first, so that a repair they
   * ran resumes.
   *
   * @param isGone whether a job's owner process is gone
   * @param works what a job does, from what was asked for
   * @return the jobs taken over
   */
  public synchronized List<Job> takeOver(
      Predicate<RunOwner> isGone, Function<Job.Request, Work> works) {
    requireNonNull(isGone, "isGone is null");
    requireNonNull(works, "works is null");
    Instant now = clock.instant();
    store.markInterrupted(isGone, now);
    List<Job> taken = new ArrayList<>();
    for (QueuedRun kept : store.adoptQueuedRuns(isGone, owner, now)) {
      Job.Request request =
          new Job.Request(
              kept.kind(),
              kept.selection(),
              kept.rangeStart(),
              kept.rangeEnd(),
              kept.force(),
              kept.repairId() == 0 ? null : kept.repairId(),
              kept.plannedTasks(),
              kept.submittedBy());
      Job job = new Job(kept.id(), request, kept.submittedAt());
      jobs.addFirst(job);
      Work work = works.apply(request);
      executor.execute(() -> execute(job, work));
      taken.add(job);
      LOG.info(
          "{} taken over from a server that is gone{}",
          job,
          kept.runId() == 0 ? "" : " (its run " + kept.runId() + " was interrupted)");
    }
    forgetOldJobs();
    return taken;
  }

  /** Records where a job stands in the store; a failure to is logged, the job goes on. */
  private void keep(Job job, QueuedRun.Status status) {
    try {
      Long runId = job.runId();
      store.updateQueuedRun(job.id(), status, runId == null ? 0 : runId, clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("{}: could not record it as {} in the state store", job, status, e);
    }
  }

  private void forgetOldJobs() {
    int ended = 0;
    for (var iterator = jobs.iterator(); iterator.hasNext(); ) {
      Job job = iterator.next();
      if (job.status().isEnded() && ++ended > ENDED_KEPT) {
        iterator.remove();
      }
    }
  }

  private void execute(Job job, Work work) {
    if (!job.begin()) {
      return;
    }
    keep(job, QueuedRun.Status.RUNNING);
    RunListener listener =
        new RunListener() {
          @Override
          public void runStarted(Run run, Plan plan) {
            job.runStarted(run, plan.tasks().size());
            keep(job, QueuedRun.Status.RUNNING);
          }
        }.andThen(
            observers.apply(
                job.request().kind().equals("repair") ? RunTrigger.REPAIR : RunTrigger.BACKFILL));
    try {
      Optional<RunSummary> summary = work.run(listener, job.cancellation());
      job.end(summary.orElse(null), null, clock.instant());
      LOG.info("{} ended: {}", job, job.status());
    } catch (RuntimeException e) {
      job.end(null, e, clock.instant());
      if (!(e instanceof TidemarkException)) {
        LOG.warn("{} failed", job, e);
      } else {
        LOG.info("{} failed: {}", job, e.getMessage());
      }
    }
    RunSummary summary = job.summary();
    if (stopping
        && !job.cancelledByRequest()
        && (summary == null
            ? job.status() == Job.Status.FAILED
            : summary.status() == RunStatus.INTERRUPTED)) {
      // Stopped with the server: left unfinished in the store for the next server to resume.
      LOG.info("{} left for the next server to resume", job);
      return;
    }
    keep(job, job.status() == Job.Status.FAILED ? QueuedRun.Status.FAILED : QueuedRun.Status.ENDED);
  }

  /** Every job the server remembers, newest first. */
  public synchronized List<Job> jobs() {
    return List.copyOf(jobs);
  }

  /** Jobs still waiting for a slot, oldest first. */
  public synchronized List<Job> waiting() {
    List<Job> waiting = new ArrayList<>();
    for (var iterator = jobs.descendingIterator(); iterator.hasNext(); ) {
      Job job = iterator.next();
      if (job.status() == Job.Status.QUEUED) {
        waiting.add(job);
      }
    }
    return waiting;
  }

  public synchronized Optional<Job> job(long id) {
    return jobs.stream().filter(job -> job.id() == id).findFirst();
  }

  /** The job whose run this is, when the run was started through this queue. */
  public synchronized Optional<Job> jobOfRun(long runId) {
    return jobs.stream().filter(job -> job.runId() != null && job.runId() == runId).findFirst();
  }

  /**
   * Cancels a job: one waiting never starts; one running stops its tasks in flight and its run is
   * recorded as interrupted.
   *
   * @throws TidemarkException {@code NOT_FOUND} for an unknown job, {@code CONFLICT} for one that
   *     already ended
   */
  public Job cancel(long id) {
    Job job =
        job(id)
            .orElseThrow(
                () ->
                    new TidemarkException(
                        ErrorCode.NOT_FOUND,
                        "no queued run " + id + " (GET /api/v1/queue lists them)"));
    if (!job.cancel(clock.instant(), true)) {
      throw new TidemarkException(
          ErrorCode.CONFLICT,
          "queued run " + id + " already ended (" + job.status().label() + "); nothing to cancel");
    }
    if (job.status() == Job.Status.CANCELLED) {
      keep(job, QueuedRun.Status.CANCELLED);
    }
    return job;
  }

  /**
   * Waits until the job's run is recorded, it ended, or {@code wait} passed: a request that starts
   * a run answers with the run, or with the reason it could not start.
   *
   * @return the job as it is then
   */
  public Job awaitStart(Job job, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        job.started().get(50, TimeUnit.MILLISECONDS);
        return job;
      } catch (TimeoutException e) {
        if (job.status() == Job.Status.QUEUED && running() >= slots) {
          return job; // It waits its turn behind others: the answer says so.
        }
      } catch (ExecutionException e) {
        return job;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return job;
      }
    }
    return job;
  }

  private synchronized long running() {
    return jobs.stream().filter(job -> job.status() == Job.Status.RUNNING).count();
  }

  /**
   * Stops: waiting jobs never start here (they stay queued in the state store for the next server),
   * running ones drain, and after {@code grace} are cancelled (their runs interrupted, left
   * unfinished in the store for the next server to resume).
   *
   * @return whether the running jobs ended within the grace period
   */
  public boolean stop(Duration grace) {
    List<Job> all;
    synchronized (this) {
      stopping = true;
      all = List.copyOf(jobs);
    }
    Instant now = clock.instant();
    for (Job job : all) {
      if (job.status() == Job.Status.QUEUED) {
        job.cancel(now, false);
      } else if (job.status() == Job.Status.RUNNING) {
        job.cancellation().drain();
      }
    }
    executor.shutdown();
    boolean finished;
    try {
      finished = executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      all.forEach(job -> job.cancellation().cancel());
      try {
        executor.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    executor.shutdownNow();
    return finished;
  }

  /** Rethrows what made a job fail before its run was recorded (a conflicting repair, say). */
  static void rethrowFailure(Job job) {
    if (job.status() == Job.Status.FAILED && job.runId() == null && job.failure() != null) {
      throw job.failure();
    }
  }
}
