package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.TidemarkException;
import io.tidemark.core.load.Loads;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.Task;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectConfig;
import io.tidemark.core.run.RunExecutor;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.run.TaskResult;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Fires the project's schedules. Driven from outside: each {@link #tick} takes or renews the
 * scheduler lease and, while this scheduler holds it, records the fires that came due and moves
 * every open fire on, starting runs on {@code runs}. Time comes from the clock alone, so a test
 * drives it by moving a clock and calling {@link #tick}.
 *
 * <p>What survives a restart lives in the state store: fires (recorded once per schedule and time),
 * and the runs they started. A fire whose run was interrupted (a stop, a crash, a killed process)
 * is started again by the next scheduler to hold the lease; its plan leaves out what the
 * interrupted run built. A schedule runs one fire at a time, oldest first.
 */
public final class Scheduler {
  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final ScheduleStore schedules;
  private final Clock clock;
  private final Executor runs;
  private final SchedulerOptions options;
  private final SchedulerListener listener;
  private final Loads loads;
  private final Map<String, Schedule> byName;
  private final RunOptions runOptions;
  private final FireReadiness readiness;
  private final Map<Long, RunExecutor> inFlight = new ConcurrentHashMap<>();
  // Fires whose runs were cancelled while in flight here: they end cancelled, not resumable.
  private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();

  // Guarded by this (ticks are one at a time); forgotten whenever the lease changes hands.
  private final Map<String, Instant> cursors = new HashMap<>();
  private final Set<String> neverFired = new HashSet<>();
  private final Map<Long, Instant> nextLook = new HashMap<>();
  private final Map<Long, String> lastWaits = new HashMap<>();
  private boolean holding;
  private boolean heardOfOtherHolder;
  private volatile boolean stopped;
  private volatile boolean runEnded;

  public Scheduler(
      Project project,
      Warehouse warehouse,
      StateStore store,
      ScheduleStore schedules,
      Clock clock,
      Executor runs,
      SchedulerOptions options,
      SchedulerListener listener) {
    this(project, warehouse, store, schedules, clock, runs, options, listener, Loads.NONE);
  }

  /**
   * @param loads the loaders of the project's loaded sources, and where their marks are kept
   */
  public Scheduler(
      Project project,
      Warehouse warehouse,
      StateStore store,
      ScheduleStore schedules,
      Clock clock,
      Executor runs,
      SchedulerOptions options,
      SchedulerListener listener,
      Loads loads) {
    this.loads = requireNonNull(loads, "loads is null");
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.schedules = requireNonNull(schedules, "schedules is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.runs = requireNonNull(runs, "runs is null");
    this.options = requireNonNull(options, "options is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.byName = Schedule.of(project);
    ProjectConfig config = project.config();
    this.runOptions = new RunOptions(config.threads(), config.retries(), config.retryBackoff());
    this.readiness = new FireReadiness(project, warehouse, store);
  }

  /** The project's schedules, by name. */
  public Map<String, Schedule> schedules() {
    return byName;
  }

  /**
   * One step: takes or renews the lease, records due fires, and moves open fires on. A failure of
   * the state store is reported to the listener and left for the next tick.
   *
   * @return whether this scheduler holds the lease
   */
  public synchronized boolean tick() {
    if (stopped) {
      return false;
    }
    Instant now = clock.instant();
    try {
      Lease lease = schedules.acquireLease(options.holder(), now, options.leaseTtl());
      if (!lease.isHeldBy(options.holder(), now)) {
        if (holding || !heardOfOtherHolder) {
          holding = false;
          heardOfOtherHolder = true;
          forget();
          listener.leaseHeldElsewhere(lease);
        }
        return false;
      }
      if (!holding) {
        holding = true;
        heardOfOtherHolder = false;
        forget();
        // Runs of a scheduler that died are still marked running: they were interrupted.
        store.markInterrupted(options.isGone(), now);
        listener.leaseTaken(lease);
      }
      recordDueFires(now);
      advance(now);
    } catch (RuntimeException e) {
      listener.tickFailed(e);
    }
    return holding;
  }

  private void forget() {
    cursors.clear();
    neverFired.clear();
    nextLook.clear();
    lastWaits.clear();
  }

  private void recordDueFires(Instant now) {
    for (Schedule schedule : byName.values()) {
      String name = schedule.name();
      Instant cursor = cursors.get(name);
      if (cursor == null) {
        Optional<Fire> latest = schedules.latestFire(name);
        if (latest.isPresent()) {
          cursor = latest.get().fireTime();
        } else {
          cursor = schedules.firstSeen(name, now);
          neverFired.add(name);
        }
      }
      for (Instant fireTime : schedule.firesDue(cursor, now)) {
        Instant windowStart =
            neverFired.remove(name) ? Instant.EPOCH : schedule.windowStart(fireTime);
        schedules
            .recordFire(name, fireTime, windowStart, "", now)
            .ifPresent(listener::fireRecorded);
        cursor = fireTime;
      }
      cursors.put(name, cursor);
    }
  }

  private void advance(Instant now) {
    boolean lookAgain = runEnded;
    runEnded = false;
    if (lookAgain) {
      nextLook.clear();
    }
    List<Fire> open = new ArrayList<>(schedules.openFires());
    cancelClosedElsewhere(open);
    Set<String> busy = new HashSet<>();
    List<Fire> waiting = new ArrayList<>();
    for (Fire fire : open) {
      if (fire.status() == FireStatus.RUNNING) {
        resumable(fire, now).ifPresentOrElse(waiting::add, () -> busy.add(fire.schedule()));
      } else {
        waiting.add(fire);
      }
    }
    waiting.sort(java.util.Comparator.comparing(Fire::fireTime).thenComparing(Fire::id));
    for (Fire fire : waiting) {
      Schedule schedule = byName.get(fire.schedule());
      if (schedule == null) {
        finish(fire, FireStatus.FAILED, "the project no longer has this schedule", null);
        continue;
      }
      if (!busy.add(fire.schedule())) {
        continue;
      }
      Instant look = nextLook.get(fire.id());
      if (look != null && now.isBefore(look)) {
        continue;
      }
      consider(schedule, fire, open, now);
      refresh(open, fire);
    }
    nextLook.keySet().removeIf(id -> open.stream().noneMatch(f -> f.id() == id));
    lastWaits.keySet().removeIf(id -> open.stream().noneMatch(f -> f.id() == id));
  }

  /**
   * Cancels the runs in flight here whose fires are no longer open in the store: another server's
   * API cancelled them (see {@link #cancelRun}). Reading the open fires is what a tick does anyway,
   * so a cancellation reaches the lease holder within a tick without any other polling.
   */
  private void cancelClosedElsewhere(List<Fire> open) {
    for (Map.Entry<Long, RunExecutor> running : inFlight.entrySet()) {
      long fireId = running.getKey();
      if (open.stream().noneMatch(f -> f.id() == fireId) && cancelled.add(fireId)) {
        running.getValue().cancel();
      }
    }
  }

  /**
   * Cancels the run of a scheduled fire: the fire is recorded {@link FireStatus#CANCELLED} at once
   * (so no scheduler resumes it, even after a crash), and its run, when this scheduler runs it,
   * stops now: statements in flight are aborted and the run ends interrupted. When another server
   * runs it, that server's scheduler stops it at its next tick.
   *
   * @param by who asked, for the fire's detail
   * @return the fire as recorded now; empty when no open fire of a schedule started this run
   */
  public Optional<CancelledRun> cancelRun(long runId, String by) {
    requireNonNull(by, "by is null");
    Optional<Fire> fire =
        schedules.openFires().stream()
            .filter(f -> f.status() == FireStatus.RUNNING && f.runId() == runId)
            .findFirst();
    if (fire.isEmpty()) {
      return Optional.empty();
    }
    long fireId = fire.get().id();
    schedules.updateFire(
        fireId,
        FireStatus.CANCELLED,
        0,
        "cancelled by " + by + ": run " + runId + " stopped, not resumed",
        clock.instant());
    RunExecutor executor = inFlight.get(fireId);
    if (executor != null && cancelled.add(fireId)) {
      executor.cancel();
    }
    Fire recorded = schedules.findFire(fireId).orElse(fire.get());
    return Optional.of(new CancelledRun(recorded, executor != null));
  }

  /**
   * A scheduled run asked to stop.
   *
   * @param fire its fire, recorded cancelled
   * @param here whether this scheduler ran it (and stopped it at once); otherwise the lease
   *     holder's next tick stops it
   */
  public record CancelledRun(Fire fire, boolean here) {
    public CancelledRun {
      requireNonNull(fire, "fire is null");
    }
  }

  /**
   * Puts {@code fire} in {@code open} as it now stands, or takes it out once it ended, so that the
   * fires considered after it in the same tick see it as it is.
   */
  private void refresh(List<Fire> open, Fire fire) {
    Optional<Fire> now = schedules.findFire(fire.id());
    open.removeIf(f -> f.id() == fire.id());
    now.filter(f -> f.status().isOpen()).ifPresent(open::add);
  }

  /**
   * A running fire this scheduler is not running: still running elsewhere (empty), finished without
   * its fire being told, or interrupted, in which case it is waiting again.
   */
  private Optional<Fire> resumable(Fire fire, Instant now) {
    if (inFlight.containsKey(fire.id())) {
      return Optional.empty();
    }
    Optional<Run> run = fire.runId() == 0 ? Optional.empty() : store.findRun(fire.runId());
    if (run.isPresent() && run.get().status() == RunStatus.RUNNING) {
      return Optional.empty();
    }
    if (run.isPresent() && run.get().status() != RunStatus.INTERRUPTED) {
      FireStatus status =
          run.get().status() == RunStatus.SUCCEEDED ? FireStatus.SUCCEEDED : FireStatus.FAILED;
      finish(
          fire,
          status,
          "run "
              + run.get().id()
              + " "
              + run.get().status().name().toLowerCase(java.util.Locale.ROOT),
          null);
      return Optional.empty();
    }
    String detail =
        run.map(r -> "resuming: run " + r.id() + " was interrupted")
            .orElse("resuming: its run never started");
    schedules.updateFire(fire.id(), FireStatus.WAITING, 0, detail, now);
    return schedules.findFire(fire.id());
  }

  private void consider(Schedule schedule, Fire fire, List<Fire> open, Instant now) {
    List<String> waits = new ArrayList<>(FireReadiness.earlierFires(schedule, fire, open));
    Clock zoned = clock.withZone(schedule.settings().timezone());
    FirePlan plan = null;
    if (waits.isEmpty()) {
      try {
        plan = FirePlan.of(project, warehouse, store, zoned, schedule, fire);
        waits.addAll(readiness.missingInputs(plan, zoned, true));
      } catch (TidemarkException e) {
        // The warehouse or the store cannot be read now: try again at the next look.
        waits.add("a plan (" + e.getMessage() + ")");
      }
    }
    if (waits.isEmpty()) {
      start(schedule, fire, plan.plan(), now);
      return;
    }
    String what = FireReadiness.describe(waits);
    Duration timeout = schedule.settings().waitTimeout();
    if (!now.isBefore(fire.recordedAt().plus(timeout))) {
      finish(
          fire, FireStatus.TIMED_OUT, "gave up after waiting " + timeout + " for: " + what, null);
      return;
    }
    Instant recheck = now.plus(options.recheck());
    Instant deadline = fire.recordedAt().plus(timeout);
    nextLook.put(fire.id(), recheck.isBefore(deadline) ? recheck : deadline);
    if (!what.equals(lastWaits.put(fire.id(), what))) {
      schedules.updateFire(fire.id(), FireStatus.WAITING, 0, "waiting for: " + what, now);
      listener.fireWaiting(fire, what);
    }
  }

  private void start(Schedule schedule, Fire fire, Plan plan, Instant now) {
    if (plan.isEmpty()) {
      finish(
          fire,
          FireStatus.SUCCEEDED,
          "nothing to build: " + plan.upToDate() + " partitions up to date",
          null);
      return;
    }
    RunListener tasks = listener.runListener(fire);
    RunExecutor executor =
        new RunExecutor(
            project,
            warehouse,
            store,
            clock.withZone(schedule.settings().timezone()),
            runOptions,
            new RunListener() {
              @Override
              public void runStarted(Run run, Plan started) {
                schedules.updateFire(
                    fire.id(),
                    FireStatus.RUNNING,
                    run.id(),
                    "run " + run.id() + ": " + started.tasks().size() + " tasks",
                    clock.instant());
                listener.runStarted(fire, run);
                tasks.runStarted(run, started);
              }

              @Override
              public void taskStarted(Task task, int attempt) {
                tasks.taskStarted(task, attempt);
              }

              @Override
              public void taskFinished(TaskResult result, int done, int total) {
                tasks.taskFinished(result, done, total);
              }

              @Override
              public void runFinished(RunSummary summary) {
                tasks.runFinished(summary);
              }
            },
            loads);
    schedules.updateFire(
        fire.id(), FireStatus.RUNNING, 0, "starting " + plan.tasks().size() + " tasks", now);
    inFlight.put(fire.id(), executor);
    try {
      runs.execute(() -> execute(fire, executor, plan));
    } catch (RejectedExecutionException e) {
      inFlight.remove(fire.id());
      schedules.updateFire(
          fire.id(), FireStatus.WAITING, 0, "not started: the scheduler is stopping", now);
    }
  }

  private void execute(Fire fire, RunExecutor executor, Plan plan) {
    try {
      RunSummary summary = executor.execute(plan, RunTrigger.SCHEDULE, options.owner());
      if (summary.status() == RunStatus.INTERRUPTED && cancelled.contains(fire.id())) {
        // Recorded cancelled when it was asked; the detail says by whom.
        String detail =
            schedules.findFire(fire.id()).map(Fire::detail).orElse("cancelled")
                + " ("
                + describe(summary)
                + ")";
        finish(fire, FireStatus.CANCELLED, detail, summary);
      } else if (summary.status() != RunStatus.INTERRUPTED) {
        // An interrupted run leaves its fire running: the next scheduler to tick resumes it.
        FireStatus status =
            summary.status() == RunStatus.SUCCEEDED ? FireStatus.SUCCEEDED : FireStatus.FAILED;
        finish(fire, status, describe(summary), summary);
      }
    } catch (RuntimeException e) {
      finish(fire, FireStatus.FAILED, String.valueOf(e.getMessage()), null);
    } finally {
      synchronized (inFlight) {
        inFlight.remove(fire.id());
        cancelled.remove(fire.id());
        inFlight.notifyAll();
      }
      runEnded = true;
    }
  }

  private static String describe(RunSummary summary) {
    StringBuilder text =
        new StringBuilder("run ")
            .append(summary.runId())
            .append(' ')
            .append(summary.status().name().toLowerCase(java.util.Locale.ROOT))
            .append(": ")
            .append(summary.succeeded())
            .append(" of ")
            .append(summary.tasks())
            .append(" tasks succeeded");
    if (summary.failed() > 0) {
      text.append(", ").append(summary.failed()).append(" failed");
    }
    if (summary.skipped() > 0) {
      text.append(", ").append(summary.skipped()).append(" skipped");
    }
    return text.toString();
  }

  private void finish(Fire fire, FireStatus status, String detail, RunSummary summary) {
    schedules.updateFire(fire.id(), status, 0, detail, clock.instant());
    listener.fireFinished(fire, status, detail, summary);
  }

  /** Whether this scheduler held the lease at its last tick: what only one server does is its. */
  public synchronized boolean holdsLease() {
    return holding && !stopped;
  }

  /** Runs started by this scheduler that have not ended. */
  public int runsInFlight() {
    return inFlight.size();
  }

  /**
   * Stops firing, at once: no tick does anything from now on, no run starts, and runs in flight
   * start no new tasks. {@link #stop} then waits for them.
   */
  public void stopFiring() {
    synchronized (this) {
      // Waits for a tick in progress, so none starts a run after this.
      stopped = true;
    }
    inFlight.values().forEach(RunExecutor::drain);
  }

  /**
   * Stops firing (see {@link #stopFiring}) and gives runs in flight {@code grace} to finish the
   * tasks they are running, after which those are aborted. Runs left unfinished end interrupted,
   * and their fires are resumed by the next scheduler. Gives the lease up, so another scheduler
   * takes over at once.
   *
   * @return whether every run finished within the grace period
   */
  public boolean stop(Duration grace) {
    stopFiring();
    boolean drained = awaitRuns(grace);
    if (!drained) {
      inFlight.values().forEach(RunExecutor::cancel);
      awaitRuns(Duration.ofSeconds(30));
    }
    try {
      schedules.releaseLease(options.holder());
    } catch (RuntimeException e) {
      listener.tickFailed(e);
    }
    return drained;
  }

  private boolean awaitRuns(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (inFlight) {
      while (!inFlight.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          inFlight.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }
}
