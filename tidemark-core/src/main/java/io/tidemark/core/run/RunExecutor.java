package io.tidemark.core.run;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.load.Loads;
import io.tidemark.core.load.Watermark;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.PlannedTask;
import io.tidemark.core.plan.Task;
import io.tidemark.core.project.Project;
import io.tidemark.core.quality.CheckEvaluator;
import io.tidemark.core.quality.RowHistory;
import io.tidemark.core.source.SourceScan;
import io.tidemark.core.source.SourceScanner;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes a plan: tasks in dependency order on a bounded pool, one task per asset at a time
 * (partitions of one table are written one after another, so writes never conflict), retries with
 * exponential backoff, and the downstream of a task that failed for good skipped with the reason.
 * Independent branches keep going.
 *
 * <p>One coordinator (the calling thread) owns all scheduling state; workers only run attempts and
 * report back through a queue, so no scheduling state is shared between threads.
 */
public final class RunExecutor {
  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;
  private final RunOptions options;
  private final RunListener listener;
  private final Loads loads;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile int memberCount;
  private final Set<Long> cancelledRuns = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final AtomicInteger threadNumber = new AtomicInteger();
  private volatile TaskRunner runner;
  private volatile SourceScanner scanning; // the scan before the tasks, while it runs

  public RunExecutor(
      Project project,
      Warehouse warehouse,
      StateStore store,
      Clock clock,
      RunOptions options,
      RunListener listener) {
    this(project, warehouse, store, clock, options, listener, Loads.NONE);
  }

  /**
   * @param loads the loaders of the project's loaded sources, and where their marks are kept
   */
  public RunExecutor(
      Project project,
      Warehouse warehouse,
      StateStore store,
      Clock clock,
      RunOptions options,
      RunListener listener,
      Loads loads) {
    this.loads = requireNonNull(loads, "loads is null");
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.options = requireNonNull(options, "options is null");
    this.listener = requireNonNull(listener, "listener is null");
  }

  /**
   * Stops the run: nothing new starts, statements in flight are aborted (their writes roll back),
   * and the run is recorded as interrupted. Safe to call from any thread, e.g. a shutdown hook.
   */
  public void cancel() {
    cancelled.set(true);
    SourceScanner scanner = scanning;
    if (scanner != null) {
      scanner.cancel();
    }
    TaskRunner current = runner;
    if (current != null) {
      current.cancelInFlight();
    }
    events.add(new Event.Wakeup());
  }

  /**
   * Stops starting tasks, retries included: tasks in flight finish and are recorded, and the run
   * ends interrupted when tasks were left, for a later run to complete. {@link #cancel} after it
   * aborts what is still in flight. Safe to call from any thread.
   */
  public void drain() {
    draining.set(true);
    events.add(new Event.Wakeup());
  }

  private boolean stopping() {
    return cancelled.get() || draining.get();
  }

  public RunSummary execute(Plan plan, RunTrigger trigger, RunOwner owner) {
    String rangeStart = plan.range().start().toLocalDate().toString();
    String rangeEnd = plan.range().end().toLocalDate().minusDays(1).toString();
    Run run =
        store.createRun(
            new NewRun(
                trigger,
                plan.selection(),
                rangeStart,
                rangeEnd,
                plan.tasks().size(),
                clock.instant(),
                owner));
    return execute(plan, run);
  }

  /**
   * Executes a plan under a run the caller created (a repair creates its run atomically), with the
   * lineage and the partition states the plan was made from.
   */
  public RunSummary execute(Plan plan, Run run) {
    return executeTogether(List.of(new RunMember(run, plan, listener))).get(0);
  }

  /**
   * Executes several runs the caller created as one: one source scan per run, then one task pool
   * and one coordinator for the tasks of all, so runs that start together share the cost of
   * starting. Each run stays its own: its tasks are recorded under its id, its listener hears its
   * tasks alone, and it ends on its own (recorded, and its listener told) as soon as its last task
   * ends, failed when one of its tasks failed, whatever the others do. {@link #cancel(long)} stops
   * one of them. The runs must share no asset and be planned as of one instant.
   *
   * @return each run's summary, in the order of {@code members}
   */
  public List<RunSummary> executeTogether(List<RunMember> members) {
    long started = System.nanoTime();
    Map<AssetName, RunMember> owners = RunMember.byAsset(members);
    memberCount = members.size();
    Plan plan = RunMember.union(members);
    Lineage lineage = new Lineage(project, plan.asOf());
    for (RunMember member : members) {
      member.listener().runStarted(member.run(), member.plan());
    }
    SourceScanner scanner = new SourceScanner(lineage, warehouse, store, clock);
    scanning = scanner;
    List<SourceScan> scans = new ArrayList<>();
    try {
      if (cancelled.get()) {
        scanner.cancel();
      }
      for (RunMember member : members) {
        scans.addAll(
            scanner.scanUnscanned(
                member.plan(), member.run().id(), member.listener()::sourcesScanned));
      }
    } finally {
      scanning = null;
    }
    Map<AssetName, Map<String, PartitionState>> states = withScanned(plan.states(), scans);
    ExecutorService workers =
        Executors.newFixedThreadPool(
            options.threads(),
            r -> {
              Thread thread = new Thread(r, "tidemark-task-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "tidemark-retry-timer");
              thread.setDaemon(true);
              return thread;
            });
    TaskRunner taskRunner =
        new TaskRunner(
            project,
            lineage,
            warehouse,
            store,
            clock,
            asset -> owners.get(asset).run().id(),
            states,
            storedRows(plan),
            cancelled,
            CheckEvaluator.standard(clock, project::asset),
            loads,
            watermarks(plan));
    runner = taskRunner;
    // Keyed by run id: a member's own hash would hash its whole plan, once per asset.
    Map<Long, RunTally> tallies = new LinkedHashMap<>();
    for (RunMember member : members) {
      tallies.put(member.run().id(), new RunTally(member, started));
    }
    Map<AssetName, RunTally> tallyOf = new HashMap<>();
    owners.forEach((asset, member) -> tallyOf.put(asset, tallies.get(member.run().id())));
    Coordinator coordinator =
        new Coordinator(plan, workers, timer, taskRunner, tallies.values(), tallyOf);
    try {
      coordinator.skipBlocked(blockedByChecks(plan, lineage));
      coordinator.loop();
    } finally {
      workers.shutdownNow();
      timer.shutdownNow();
      awaitQuietly(workers);
      taskRunner.close();
      runner = null;
    }
    List<RunSummary> summaries = new ArrayList<>();
    for (RunTally tally : tallies.values()) {
      if (!tally.closed()) {
        coordinator.close(tally);
      }
      summaries.add(tally.summary());
    }
    return summaries;
  }

  /**
   * Stops one of the runs {@link #executeTogether executed together}: none of its tasks starts from
   * now on, and it ends interrupted once its tasks in flight finish; the other runs go on. Stops
   * the whole execution when it is the only run. Safe to call from any thread.
   */
  public void cancel(long runId) {
    if (memberCount == 1) {
      cancel();
      return;
    }
    cancelledRuns.add(runId);
    events.add(new Event.Wakeup());
  }

  /** The stored high-water marks of the planned loads, in one read. */
  private Map<AssetName, Watermark> watermarks(Plan plan) {
    Set<AssetName> loaded = new LinkedHashSet<>();
    for (PlannedTask planned : plan.tasks()) {
      if (project.isLoaded(planned.task().asset())) {
        loaded.add(planned.task().asset());
      }
    }
    return loaded.isEmpty() ? Map.of() : loads.watermarks().watermarks(loaded);
  }

  /** The stored row counts of the planned assets whose checks judge them (volume), in one read. */
  private Map<AssetName, RowHistory> storedRows(Plan plan) {
    Set<Asset> judged = new LinkedHashSet<>();
    for (PlannedTask planned : plan.tasks()) {
      AssetName name = planned.task().asset();
      if (project.checks(name).stream().anyMatch(check -> !check.readsTable())) {
        judged.add(project.asset(name));
      }
    }
    return RowHistory.read(store, judged);
  }

  /**
   * The plan's states with the source partitions fingerprinted just now, which the plan saw as
   * never scanned.
   */
  private static Map<AssetName, Map<String, PartitionState>> withScanned(
      Map<AssetName, Map<String, PartitionState>> planned, List<SourceScan> scans) {
    if (scans.stream().allMatch(scan -> scan.recorded().isEmpty())) {
      return planned;
    }
    Map<AssetName, Map<String, PartitionState>> states = new HashMap<>(planned);
    for (SourceScan scan : scans) {
      for (PartitionState state : scan.recorded()) {
        states
            .compute(
                state.asset(),
                (asset, byKey) -> byKey == null ? new HashMap<>() : new HashMap<>(byKey))
            .put(state.partition(), state);
      }
    }
    return states;
  }

  /**
   * Tasks that read a partition, outside the plan, whose latest error-level check failed: they
   * would build on data known to be bad, so they are skipped with the check named.
   */
  private Map<Task, String> blockedByChecks(Plan plan, Lineage lineage) {
    Set<Task> planned = new HashSet<>();
    Set<AssetName> inputAssets = new LinkedHashSet<>();
    for (PlannedTask task : plan.tasks()) {
      planned.add(task.task());
      project.asset(task.task().asset()).dependencies().forEach(d -> inputAssets.add(d.upstream()));
    }
    Map<Task, CheckResult> failing = new HashMap<>();
    if (!inputAssets.isEmpty()) {
      for (CheckResult result : store.latestCheckResults(inputAssets)) {
        if (result.status() == CheckStatus.FAIL) {
          Asset asset = project.asset(result.asset());
          failing.putIfAbsent(
              new Task(asset.name(), PartitionKey.parse(asset.grain(), result.partition())),
              result);
        }
      }
    }
    Map<Task, String> blocked = new HashMap<>();
    if (failing.isEmpty()) {
      return blocked;
    }
    for (PlannedTask task : plan.tasks()) {
      for (Task input : lineage.inputsOf(task.task())) {
        CheckResult result = failing.get(input);
        if (result != null && !planned.contains(input)) {
          blocked.put(task.task(), TaskRunner.BLOCKED + TaskRunner.blockedMessage(result));
          break;
        }
      }
    }
    return blocked;
  }

  private static void awaitQuietly(ExecutorService workers) {
    try {
      workers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What workers and the retry timer tell the coordinator. */
  private sealed interface Event {
    /** The results of one attempt at a task, or of one batch of tasks. */
    record Finished(List<TaskResult> results) implements Event {}

    record RetryDue(Task task) implements Event {}

    record Wakeup() implements Event {}
  }

  /** Scheduling state, touched only by the thread that called {@link #execute}. */
  private final class Coordinator {
    private final Plan plan;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final TaskRunner taskRunner;
    private final Collection<RunTally> tallies;
    private final Map<AssetName, RunTally> tallyOf;
    private final Map<Task, List<Task>> children;
    private final Map<Task, Integer> waitingOn = new HashMap<>();
    private final Map<Task, Integer> attempts = new HashMap<>();
    private final ReadyTasks ready = new ReadyTasks(project::batchSize);
    private final Map<Task, Long> readySince = new HashMap<>();
    private final Set<Task> done = new HashSet<>();
    private int inFlight;
    private int retriesPending;
    private int open;

    Coordinator(
        Plan plan,
        ExecutorService workers,
        ScheduledExecutorService timer,
        TaskRunner taskRunner,
        Collection<RunTally> tallies,
        Map<AssetName, RunTally> tallyOf) {
      this.plan = plan;
      this.workers = workers;
      this.timer = timer;
      this.taskRunner = taskRunner;
      this.tallies = tallies;
      this.tallyOf = tallyOf;
      this.children = plan.downstream();
      this.open = tallies.size();
      for (PlannedTask planned : plan.tasks()) {
        waitingOn.put(planned.task(), planned.upstream().size());
        if (planned.upstream().isEmpty()) {
          makeReady(planned.task());
        }
      }
    }

    private RunTally tally(Task task) {
      return tallyOf.get(task.asset());
    }

    /** Done, or of a run that ended: not to start. */
    private boolean settled(Task task) {
      return done.contains(task) || tally(task).closed();
    }

    void loop() {
      closeEnded();
      while (open > 0) {
        if (!stopping()) {
          dispatch();
        }
        if (inFlight == 0 && (stopping() || (ready.isEmpty() && retriesPending == 0))) {
          if (!stopping()) {
            int left = 0;
            for (RunTally tally : tallies) {
              left += tally.closed() ? 0 : tally.total - tally.finished;
            }
            throw new TidemarkException(
                ErrorCode.INTERNAL, "run stalled with " + left + " tasks waiting");
          }
          return;
        }
        Event event;
        try {
          event = events.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          cancel();
          continue;
        }
        handle(event);
        // Everything already reported before dispatching again, so tasks made ready together
        // (the readers of a batch) are batched together.
        for (Event next = events.poll(); next != null; next = events.poll()) {
          handle(next);
        }
        closeEnded();
      }
    }

    /**
     * Closes the runs whose tasks all ended, and the runs asked to stop once none of their tasks is
     * in flight.
     */
    private void closeEnded() {
      for (RunTally tally : tallies) {
        if (tally.closed()) {
          continue;
        }
        if (tally.finished == tally.total) {
          close(tally);
        } else if (tally.inFlight == 0 && cancelledRuns.contains(tally.runId())) {
          close(tally, RunStatus.INTERRUPTED);
        }
      }
    }

    /** Ends a run as it stands: interrupted when the execution stopped before its tasks ended. */
    void close(RunTally tally) {
      close(tally, tally.status(stopping()));
    }

    private void close(RunTally tally, RunStatus status) {
      store.finishRun(tally.runId(), status, clock.instant());
      open--;
      tally.member.listener().runFinished(tally.close(status));
    }

    /** Skips blocked tasks, and what waits for them, before anything runs. */
    void skipBlocked(Map<Task, String> blocked) {
      for (PlannedTask planned : plan.tasks()) {
        String reason = blocked.get(planned.task());
        if (reason != null && !done.contains(planned.task())) {
          skip(planned.task(), reason);
          skipDownstreamOf(planned.task(), reason);
        }
      }
    }

    private void dispatch() {
      while (inFlight < options.threads()) {
        Optional<List<Task>> batch = ready.next(this::settled);
        if (batch.isEmpty()) {
          return;
        }
        inFlight++;
        tally(batch.get().get(0)).inFlight++;
        start(batch.get());
      }
    }

    private void start(List<Task> batch) {
      List<TaskRunner.Attempt> attemptsOfBatch = new ArrayList<>(batch.size());
      for (Task task : batch) {
        int attempt = attempts.merge(task, 1, Integer::sum);
        Long since = readySince.remove(task);
        long queuedMillis = since == null ? 0 : (System.nanoTime() - since) / 1_000_000;
        attemptsOfBatch.add(
            new TaskRunner.Attempt(task, attempt, attempt <= options.retries(), queuedMillis));
      }
      RunListener listener = tally(batch.get(0)).member.listener();
      workers.execute(
          () -> {
            List<TaskResult> results;
            try {
              for (TaskRunner.Attempt attempt : attemptsOfBatch) {
                listener.taskStarted(attempt.task(), attempt.number());
              }
              results = taskRunner.attemptBatch(attemptsOfBatch);
            } catch (RuntimeException | Error e) {
              results = new ArrayList<>();
              for (TaskRunner.Attempt attempt : attemptsOfBatch) {
                results.add(
                    new TaskResult(
                        attempt.task(),
                        TaskStatus.FAILED,
                        attempt.number(),
                        String.valueOf(e.getMessage()),
                        TaskStatistics.NONE,
                        false));
              }
            }
            events.add(new Event.Finished(results));
          });
    }

    /** Queued time runs from here to the attempt's start. */
    private void makeReady(Task task) {
      ready.add(task);
      readySince.put(task, System.nanoTime());
    }

    private void handle(Event event) {
      if (event instanceof Event.RetryDue retry) {
        retriesPending--;
        makeReady(retry.task());
        return;
      }
      if (!(event instanceof Event.Finished finishedEvent)) {
        return;
      }
      inFlight--;
      Task first = finishedEvent.results().get(0).task();
      tally(first).inFlight--;
      ready.finished(first.asset());
      for (TaskResult result : finishedEvent.results()) {
        handle(result);
      }
    }

    private void handle(TaskResult result) {
      Task task = result.task();
      RunTally tally = tally(task);
      RunListener listener = tally.member.listener();
      switch (result.status()) {
        case SUCCEEDED -> {
          complete(task);
          tally.succeeded++;
          tally.rows += result.statistics().rows();
          listener.taskFinished(result, tally.finished, tally.total);
          for (Task child : children.getOrDefault(task, List.of())) {
            if (waitingOn.merge(child, -1, Integer::sum) == 0 && !done.contains(child)) {
              makeReady(child);
            }
          }
        }
        case INTERRUPTED -> listener.taskFinished(result, tally.finished, tally.total);
        default -> {
          if (result.willRetry() && !cancelled.get() && !cancelledRuns.contains(tally.runId())) {
            tally.retries++;
            retriesPending++;
            listener.taskFinished(result, tally.finished, tally.total);
            long delay = options.backoff(result.attempt()).toMillis();
            timer.schedule(
                () -> events.add(new Event.RetryDue(task)), delay, TimeUnit.MILLISECONDS);
            return;
          }
          complete(task);
          tally.failed++;
          tally.failures.add(result);
          listener.taskFinished(result, tally.finished, tally.total);
          skipDownstreamOf(task, TaskRunner.skipReason(result));
        }
      }
    }

    private void complete(Task task) {
      done.add(task);
      tally(task).finished++;
    }

    private void skipDownstreamOf(Task failedTask, String reason) {
      Deque<Task> queue = new ArrayDeque<>(children.getOrDefault(failedTask, List.of()));
      while (!queue.isEmpty()) {
        Task task = queue.removeFirst();
        if (done.contains(task)) {
          continue;
        }
        skip(task, reason);
        queue.addAll(children.getOrDefault(task, List.of()));
      }
    }

    private void skip(Task task, String reason) {
      complete(task);
      RunTally tally = tally(task);
      tally.skipped++;
      store.recordSkipped(
          tally.runId(), task.asset(), task.partition().toString(), reason, clock.instant());
      TaskResult result =
          new TaskResult(task, TaskStatus.SKIPPED, 0, reason, TaskStatistics.NONE, false);
      tally.failures.add(result);
      tally.member.listener().taskFinished(result, tally.finished, tally.total);
    }
  }
}
