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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The runs of the fires a {@link Scheduler} started: starts the fires ready at a tick, those due
 * together as one execution, and follows each fire's run to its end, recording how its fire ended.
 * Also what stops them: a cancellation, a drain, a stop.
 */
final class FireRuns {
  /**
   * How many runs' worth of workers a shared execution gets at most: the fires starting together
   * share one task pool of the project's threads times this (times their number, when fewer).
   */
  static final int SHARED_POOL_RUNS = 4;

  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final ScheduleStore schedules;
  private final Clock clock;
  private final Executor runs;
  private final SchedulerOptions options;
  private final SchedulerListener listener;
  private final Loads loads;
  private final RunOptions runOptions;
  private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
  // Fires whose runs were cancelled while in flight here: they end cancelled, not resumable.
  private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();

  private volatile boolean runEnded;

  FireRuns(
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
    this.runs = requireNonNull(runs, "runs is null");
    this.options = requireNonNull(options, "options is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.loads = requireNonNull(loads, "loads is null");
    ProjectConfig config = project.config();
    this.runOptions = new RunOptions(config.threads(), config.retries(), config.retryBackoff());
  }

  /** Whether a run ended since the last call: what waits may look again. */
  boolean takeRunEnded() {
    boolean ended = runEnded;
    runEnded = false;
    return ended;
  }

  /** Whether the fire's run is in flight here (recorded or about to be). */
  boolean isInFlight(long fireId) {
    return inFlight.containsKey(fireId);
  }

  /** Runs started here that have not ended. */
  int size() {
    return inFlight.size();
  }

  /**
   * Stops the run of a fire cancelled in the store, when it is in flight here.
   *
   * @return whether it is in flight here
   */
  boolean cancel(long fireId) {
    InFlight running = inFlight.get(fireId);
    if (running != null && cancelled.add(fireId)) {
      running.cancel();
    }
    return running != null;
  }

  /** Every execution in flight starts no new task (see {@link RunExecutor#drain}). */
  void drainAll() {
    inFlight.values().stream().map(InFlight::executor).distinct().forEach(RunExecutor::drain);
  }

  /** Every execution in flight stops now (see {@link RunExecutor#cancel()}). */
  void cancelAll() {
    inFlight.values().stream().map(InFlight::executor).distinct().forEach(RunExecutor::cancel);
  }

  /**
   * Cancels the runs in flight here whose fires are no longer open in the store: another server's
   * API cancelled them (see {@link Scheduler#cancelRun}). Reading the open fires is what a tick
   * does anyway, so a cancellation reaches the lease holder within a tick without any other
   * polling.
   */
  void cancelClosedElsewhere(List<Fire> open) {
    Set<Long> openIds = new HashSet<>();
    open.forEach(f -> openIds.add(f.id()));
    for (Map.Entry<Long, InFlight> running : inFlight.entrySet()) {
      long fireId = running.getKey();
      if (!openIds.contains(fireId) && cancelled.add(fireId)) {
        running.getValue().cancel();
      }
    }
  }

  /** A fire ready to start, with its plan. */
  record ReadyFire(Schedule schedule, Fire fire, Plan plan) {}

  /**
   * Starts the fires ready at this tick. Fires planned as of one instant that share no asset start
   * together: their runs and fires are recorded in one transaction, and one execution with one task
   * pool runs the tasks of all (see {@link RunExecutor#executeTogether}). Each fire keeps its own
   * run: its tasks are recorded under it, and it ends, with its fire, on its own.
   */
  void startAll(List<ReadyFire> ready, Instant now, List<Fire> open) {
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

  boolean awaitRuns(Duration limit) {
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
