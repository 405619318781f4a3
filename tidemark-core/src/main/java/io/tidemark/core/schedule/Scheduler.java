package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.load.Loads;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.Task;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectConfig;
import io.tidemark.core.run.RunExecutor;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunMember;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.run.TaskResult;
import io.tidemark.core.state.NewRun;
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

  /**
   * How many runs' worth of workers a shared execution gets at most: the fires starting together
   * share one task pool of the project's threads times this (times their number, when fewer).
   */
  static final int SHARED_POOL_RUNS = 4;

  /** How the detail of a fire waiting for something begins. */
  private static final String WAITING_FOR = "waiting for: ";

  private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
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
          && !inFlight.containsKey(open.id())) {
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
      if (inFlight.containsKey(fire.id())) {
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
    List<ReadyFire> ready = new ArrayList<>();
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
    startAll(ready, now, open);
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
   * Cancels the runs in flight here whose fires are no longer open in the store: another server's
   * API cancelled them (see {@link #cancelRun}). Reading the open fires is what a tick does anyway,
   * so a cancellation reaches the lease holder within a tick without any other polling.
   */
  private void cancelClosedElsewhere(List<Fire> open) {
    Set<Long> openIds = new HashSet<>();
    open.forEach(f -> openIds.add(f.id()));
    for (Map.Entry<Long, InFlight> running : inFlight.entrySet()) {
      long fireId = running.getKey();
      if (!openIds.contains(fireId) && cancelled.add(fireId)) {
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
    InFlight running = inFlight.get(fireId);
    if (running != null && cancelled.add(fireId)) {
      running.cancel();
    }
    Fire recorded = schedules.findFire(fireId).orElse(fire.get());
    return Optional.of(new CancelledRun(recorded, running != null));
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

  /** A fire ready to start, with its plan. */
  private record ReadyFire(Schedule schedule, Fire fire, Plan plan) {}

  /**
   * Decides what a fire does now: starts (returned), ends (nothing to build, an input failed, or it
   * waited too long) or waits, looking again later.
   */
  private Optional<ReadyFire> consider(
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
      return Optional.of(new ReadyFire(schedule, fire, plan.plan()));
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

  /**
   * Starts the fires ready at this tick. Fires planned as of one instant that share no asset start
   * together: their runs and fires are recorded in one transaction, and one execution with one task
   * pool runs the tasks of all (see {@link RunExecutor#executeTogether}). Each fire keeps its own
   * run: its tasks are recorded under it, and it ends, with its fire, on its own.
   */
  private void startAll(List<ReadyFire> ready, Instant now, List<Fire> open) {
    List<List<ReadyFire>> groups = new ArrayList<>();
    List<Set<io.tidemark.core.asset.AssetName>> groupAssets = new ArrayList<>();
    for (ReadyFire fire : ready) {
      Set<io.tidemark.core.asset.AssetName> assets = new HashSet<>(fire.plan().byAsset().keySet());
      int chosen = -1;
      for (int i = 0; i < groups.size() && chosen < 0; i++) {
        if (groups.get(i).get(0).plan().asOf().equals(fire.plan().asOf())
            && java.util.Collections.disjoint(groupAssets.get(i), assets)) {
          chosen = i;
        }
      }
      if (chosen < 0) {
        groups.add(new ArrayList<>());
        groupAssets.add(new HashSet<>());
        chosen = groups.size() - 1;
      }
      groups.get(chosen).add(fire);
      groupAssets.get(chosen).addAll(assets);
    }
    for (List<ReadyFire> group : groups) {
      start(group, now, open);
    }
  }

  private void start(List<ReadyFire> group, Instant now, List<Fire> open) {
    Map<Long, String> starting = new java.util.LinkedHashMap<>();
    for (ReadyFire ready : group) {
      starting.put(
          ready.fire().id(),
          "starting "
              + ready.plan().tasks().size()
              + " tasks"
              + (group.size() > 1 ? ", together with " + (group.size() - 1) + " other fires" : ""));
    }
    schedules.updateFires(starting, FireStatus.RUNNING, now);
    open.replaceAll(
        f ->
            starting.containsKey(f.id())
                ? new Fire(
                    f.id(),
                    f.schedule(),
                    f.fireTime(),
                    f.windowStart(),
                    FireStatus.RUNNING,
                    f.runId(),
                    starting.get(f.id()),
                    f.recordedAt(),
                    now)
                : f);
    ProjectConfig config = project.config();
    RunExecutor executor =
        new RunExecutor(
            project,
            warehouse,
            store,
            clock.withZone(group.get(0).schedule().settings().timezone()),
            new RunOptions(
                runOptions.threads() * Math.min(group.size(), SHARED_POOL_RUNS),
                config.retries(),
                config.retryBackoff()),
            RunListener.NONE,
            loads);
    for (ReadyFire ready : group) {
      inFlight.put(ready.fire().id(), new InFlight(executor));
    }
    try {
      runs.execute(() -> execute(group, executor));
    } catch (RejectedExecutionException e) {
      Map<Long, String> notStarted = new java.util.LinkedHashMap<>();
      for (ReadyFire ready : group) {
        inFlight.remove(ready.fire().id());
        notStarted.put(ready.fire().id(), "not started: the scheduler is stopping");
      }
      schedules.updateFires(notStarted, FireStatus.WAITING, now);
    }
  }

  /** What a fire's own run tells: the listener hears it, and the fire ends with it. */
  private RunListener member(Fire fire) {
    RunListener tasks = listener.runListener(fire);
    return new RunListener() {
      @Override
      public void runStarted(Run run, Plan started) {
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
        try {
          settle(fire, summary);
        } finally {
          ended(fire);
        }
      }
    };
  }

  /**
   * Records the runs of the fires of {@code group} together with their fires (one transaction),
   * then executes them as one.
   */
  private void execute(List<ReadyFire> group, RunExecutor executor) {
    List<ReadyFire> starting = new ArrayList<>();
    try {
      Instant now = clock.instant();
      List<ScheduleStore.FireStart> starts = new ArrayList<>();
      for (ReadyFire ready : group) {
        if (cancelled.contains(ready.fire().id())) {
          continue; // cancelled before its run was recorded: it stays as cancelling left it
        }
        Plan plan = ready.plan();
        starting.add(ready);
        starts.add(
            new ScheduleStore.FireStart(
                ready.fire().id(),
                new NewRun(
                    RunTrigger.SCHEDULE,
                    plan.selection(),
                    plan.range().start().toLocalDate().toString(),
                    plan.range().end().toLocalDate().minusDays(1).toString(),
                    plan.tasks().size(),
                    now,
                    options.owner()),
                plan.tasks().size() + " tasks"));
      }
      if (starting.isEmpty()) {
        return;
      }
      List<Run> started = schedules.startFires(starts, now);
      List<RunMember> members = new ArrayList<>();
      for (int i = 0; i < starting.size(); i++) {
        Fire fire = starting.get(i).fire();
        Run run = started.get(i);
        InFlight running = inFlight.get(fire.id());
        if (running != null) {
          running.runId = run.id();
          if (cancelled.contains(fire.id())) {
            executor.cancel(run.id());
          }
        }
        members.add(new RunMember(run, starting.get(i).plan(), member(fire)));
      }
      executor.executeTogether(members);
    } catch (RuntimeException e) {
      for (ReadyFire ready : starting) {
        if (inFlight.containsKey(ready.fire().id())) {
          finish(ready.fire(), FireStatus.FAILED, String.valueOf(e.getMessage()), null);
        }
      }
    } finally {
      group.forEach(ready -> ended(ready.fire()));
    }
  }

  /** Records how the fire's run ended. */
  private void settle(Fire fire, RunSummary summary) {
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
  }

  private void ended(Fire fire) {
    synchronized (inFlight) {
      if (inFlight.remove(fire.id()) == null) {
        return;
      }
      cancelled.remove(fire.id());
      inFlight.notifyAll();
    }
    runEnded = true;
  }

  /** A fire's run in flight here: the execution running it, with others maybe. */
  private static final class InFlight {
    private final RunExecutor executor;
    private volatile long runId; // 0 until its run is recorded

    InFlight(RunExecutor executor) {
      this.executor = executor;
    }

    RunExecutor executor() {
      return executor;
    }

    /** Stops the fire's run; before its run is recorded, it does not start (see execute). */
    void cancel() {
      if (runId != 0) {
        executor.cancel(runId);
      }
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
    inFlight.values().stream().map(InFlight::executor).distinct().forEach(RunExecutor::drain);
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
      inFlight.values().stream().map(InFlight::executor).distinct().forEach(RunExecutor::cancel);
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
