package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.load.Loads;
import io.tidemark.core.project.Project;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunStatus;
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
import java.util.concurrent.Executor;

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
  private final SchedulerOptions options;
  private final SchedulerListener listener;
  private final Map<String, Schedule> byName;
  private final FireReadiness readiness;
  private final FireRuns fireRuns;

  /** How the detail of a fire waiting for something begins. */
  private static final String WAITING_FOR = "waiting for: ";

  // Guarded by this (ticks are one at a time); forgotten whenever the lease changes hands.
  private final Map<String, Instant> cursors = new HashMap<>();
  private final Set<String> neverFired = new HashSet<>();
  private final Map<Long, Instant> nextLook = new HashMap<>();
  private final Map<Long, String> lastWaits = new HashMap<>();
  private boolean holding;
  private boolean heardOfOtherHolder;
  private volatile boolean stopped;

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
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.schedules = requireNonNull(schedules, "schedules is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.options = requireNonNull(options, "options is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.byName = Schedule.of(project);
    this.readiness = new FireReadiness(project, warehouse, store);
    this.fireRuns =
        new FireRuns(project, warehouse, store, schedules, clock, runs, options, listener, loads);
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
    List<ScheduleStore.DueFire> due = new ArrayList<>();
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
        due.add(new ScheduleStore.DueFire(name, fireTime, windowStart));
        cursor = fireTime;
      }
      cursors.put(name, cursor);
    }
    if (due.isEmpty()) {
      return;
    }
    Map<String, List<Fire>> superseded = supersede(due);
    // One transaction for every fire due: at a busy instant, many schedules fire together.
    for (Fire fire : schedules.recordFires(due, now)) {
      listener.fireRecorded(fire);
      for (Fire older : superseded.getOrDefault(fire.schedule(), List.of())) {
        String detail =
            "superseded by the fire of "
                + fire.fireTime()
                + ", which builds its partitions too ("
                + older.detail()
                + ")";
        finish(older, FireStatus.SUPERSEDED, detail, null);
      }
      superseded.remove(fire.schedule());
    }
  }

  /**
   * The fires that wait for inputs, of schedules with a fire now due: the first fire due of each
   * such schedule takes their window over (in {@code due}), and they end superseded once it is
   * recorded. So a schedule whose inputs stay missing keeps one fire waiting, not one more each
   * time it comes due. A fire that only came due, or one in flight, is left as it is.
   */
  private Map<String, List<Fire>> supersede(List<ScheduleStore.DueFire> due) {
    Map<String, List<Fire>> waiting = new HashMap<>();
    for (Fire open : schedules.openFires()) {
      if (open.status() == FireStatus.WAITING
          && open.detail().startsWith(WAITING_FOR)
          && !fireRuns.isInFlight(open.id())) {
        waiting.computeIfAbsent(open.schedule(), k -> new ArrayList<>()).add(open);
      }
    }
    Map<String, List<Fire>> superseded = new HashMap<>();
    for (int i = 0; i < due.size(); i++) {
      ScheduleStore.DueFire fire = due.get(i);
      List<Fire> older = waiting.remove(fire.schedule());
      if (older == null) {
        continue;
      }
      Instant windowStart = fire.windowStart();
      for (Fire each : older) {
        windowStart = each.windowStart().isBefore(windowStart) ? each.windowStart() : windowStart;
      }
      due.set(i, new ScheduleStore.DueFire(fire.schedule(), fire.fireTime(), windowStart));
      superseded.put(fire.schedule(), older);
    }
    return superseded;
  }

  private void advance(Instant now) {
    boolean lookAgain = fireRuns.takeRunEnded();
    if (lookAgain) {
      nextLook.clear();
    }
    List<Fire> open = new ArrayList<>(schedules.openFires());
    fireRuns.cancelClosedElsewhere(open);
    Set<String> busy = new HashSet<>();
    List<Fire> waiting = new ArrayList<>();
    for (Fire fire : open) {
      if (fireRuns.isInFlight(fire.id())) {
        busy.add(fire.schedule());
      } else if (fire.status() == FireStatus.RUNNING) {
        resumable(fire, now).ifPresentOrElse(waiting::add, () -> busy.add(fire.schedule()));
      } else {
        waiting.add(fire);
      }
    }
    waiting.sort(java.util.Comparator.comparing(Fire::fireTime).thenComparing(Fire::id));
    List<Fire> pending = new ArrayList<>();
    for (Fire fire : waiting) {
      if (!byName.containsKey(fire.schedule())) {
        finish(fire, FireStatus.FAILED, "the project no longer has this schedule", null);
        open.removeIf(f -> f.id() == fire.id());
        continue;
      }
      if (!busy.add(fire.schedule())) {
        continue;
      }
      Instant look = nextLook.get(fire.id());
      if (look != null && now.isBefore(look)) {
        continue;
      }
      pending.add(fire);
    }
    List<FireRuns.ReadyFire> ready = new ArrayList<>();
    // Fires that wait for earlier fires of other pipelines look again when one of those ended.
    while (!pending.isEmpty()) {
      List<Map.Entry<Schedule, Fire>> toPlan = new ArrayList<>();
      Map<Fire, List<String>> blocked = new java.util.LinkedHashMap<>();
      for (Fire fire : pending) {
        Schedule schedule = byName.get(fire.schedule());
        List<String> earlier = FireReadiness.earlierFires(schedule, fire, open);
        if (earlier.isEmpty()) {
          toPlan.add(Map.entry(schedule, fire));
        } else {
          blocked.put(fire, earlier);
        }
      }
      int openBefore = open.size();
      if (!toPlan.isEmpty()) {
        Map<Long, FirePlan.Outcome> plans =
            FirePlan.ofAll(project, warehouse, store, clock, toPlan);
        for (Map.Entry<Schedule, Fire> entry : toPlan) {
          consider(entry.getKey(), entry.getValue(), plans.get(entry.getValue().id()), now)
              .ifPresentOrElse(ready::add, () -> refresh(open, entry.getValue(), entry.getKey()));
        }
      }
      pending = new ArrayList<>(blocked.keySet());
      if (open.size() == openBefore) {
        break;
      }
    }
    fireRuns.startAll(ready, now, open);
    // What the fires blocked by earlier fires wait for, as those now stand.
    for (Fire fire : pending) {
      Schedule schedule = byName.get(fire.schedule());
      await(schedule, fire, FireReadiness.earlierFires(schedule, fire, open), now);
    }
    Set<Long> stillOpen = new HashSet<>();
    open.forEach(f -> stillOpen.add(f.id()));
    nextLook.keySet().retainAll(stillOpen);
    lastWaits.keySet().retainAll(stillOpen);
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
    boolean here = fireRuns.cancel(fireId);
    Fire recorded = schedules.findFire(fireId).orElse(fire.get());
    return Optional.of(new CancelledRun(recorded, here));
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
   * Takes {@code fire} out of {@code open} once it ended (it needed no run, failed or timed out),
   * so that the fires considered after it in the same tick see it as it is.
   */
  private void refresh(List<Fire> open, Fire fire, Schedule schedule) {
    if (!nextLook.containsKey(fire.id())) {
      open.removeIf(f -> f.id() == fire.id());
    }
  }

  /**
   * A running fire this scheduler is not running: still running elsewhere (empty), finished without
   * its fire being told, or interrupted, in which case it is waiting again.
   */
  private Optional<Fire> resumable(Fire fire, Instant now) {
    if (fireRuns.isInFlight(fire.id())) {
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

  /**
   * Decides what a fire does now: starts (returned), ends (nothing to build, an input failed, or it
   * waited too long) or waits, looking again later.
   */
  private Optional<FireRuns.ReadyFire> consider(
      Schedule schedule, Fire fire, FirePlan.Outcome planned, Instant now) {
    nextLook.remove(fire.id());
    List<String> waits = new ArrayList<>();
    FirePlan plan = planned.plan();
    if (plan == null) {
      // The warehouse or the store cannot be read now: try again at the next look.
      waits.add("a plan (" + planned.failure() + ")");
    } else {
      Clock zoned = clock.withZone(schedule.settings().timezone());
      FireReadiness.Inputs inputs = readiness.inputs(plan, zoned, true);
      if (!inputs.failed().isEmpty()) {
        finish(
            fire,
            FireStatus.FAILED,
            "not run: inputs failed, a backfill or their pipeline's next fire rebuilds them: "
                + FireReadiness.describe(inputs.failed()),
            null);
        return Optional.empty();
      }
      waits.addAll(inputs.missing());
    }
    if (waits.isEmpty()) {
      if (plan.plan().isEmpty()) {
        finish(
            fire,
            FireStatus.SUCCEEDED,
            "nothing to build: " + plan.plan().upToDate() + " partitions up to date",
            null);
        return Optional.empty();
      }
      return Optional.of(new FireRuns.ReadyFire(schedule, fire, plan.plan()));
    }
    await(schedule, fire, waits, now);
    return Optional.empty();
  }

  /** The fire waits for {@code waits}, or gives up when it waited its schedule's timeout. */
  private void await(Schedule schedule, Fire fire, List<String> waits, Instant now) {
    String what = FireReadiness.describe(waits);
    Duration timeout = schedule.settings().waitTimeout();
    if (!now.isBefore(fire.recordedAt().plus(timeout))) {
      nextLook.remove(fire.id());
      finish(
          fire, FireStatus.TIMED_OUT, "gave up after waiting " + timeout + " for: " + what, null);
      return;
    }
    Instant recheck = now.plus(options.recheck());
    Instant deadline = fire.recordedAt().plus(timeout);
    nextLook.put(fire.id(), recheck.isBefore(deadline) ? recheck : deadline);
    if (!what.equals(lastWaits.put(fire.id(), what))) {
      schedules.updateFire(fire.id(), FireStatus.WAITING, 0, WAITING_FOR + what, now);
      listener.fireWaiting(fire, what);
    }
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
    return fireRuns.size();
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
    fireRuns.drainAll();
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
    boolean drained = fireRuns.awaitRuns(grace);
    if (!drained) {
      fireRuns.cancelAll();
      fireRuns.awaitRuns(Duration.ofSeconds(30));
    }
    try {
      schedules.releaseLease(options.holder());
    } catch (RuntimeException e) {
      listener.tickFailed(e);
    }
    return drained;
  }
}
