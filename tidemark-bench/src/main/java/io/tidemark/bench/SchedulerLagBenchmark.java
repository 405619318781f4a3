package io.tidemark.bench;

import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.PlanService;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.core.run.RunExecutor;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.Scheduler;
import io.tidemark.core.schedule.SchedulerListener;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scheduler lag: N pipelines of one unpartitioned model each, all firing at 03:00. The clock is set
 * to 03:00:00 and one tick made; the lag of a fire is the wall time from the start of that tick to
 * the start of its run (its first task is dispatched right after). Baseline, in the same JVM on a
 * copy of the project: the same N runs planned and started by a plain loop, as N `tidemark run -s
 * pipeline:pNNNNN` in one process would, on the same 4-run pool.
 */
public final class SchedulerLagBenchmark {
  private static final int CONCURRENT_RUNS = 4;
  private static final RunOwner OWNER = new RunOwner("bench", 1, Instant.EPOCH);

  private SchedulerLagBenchmark() {}

  public static void main(String[] args) throws Exception {
    int pipelines = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path base = Files.createTempDirectory("tidemark-scheduler-lag");
    Path direct = write(base.resolve("direct"), pipelines);
    Path scheduled = write(base.resolve("scheduled"), pipelines);
    System.out.printf(
        Locale.ROOT, "%d pipelines, 1 model each, %d runs at once%n", pipelines, CONCURRENT_RUNS);
    report("baseline (loop)", baseline(direct, pipelines));
    report("scheduler", scheduler(scheduled));
  }

  private static Path write(Path root, int pipelines) throws IOException {
    Files.createDirectories(root.resolve("models"));
    StringBuilder config =
        new StringBuilder(
            "name: lag\nstart: 2024-01-01\nwarehouse: {type: duckdb, path: warehouse.duckdb}\n"
                + "state: {url: \"jdbc:sqlite:.tidemark/state.db\"}\n"
                + "run: {threads: 1, retries: 0, retry_backoff: 0s}\npipelines:\n");
    StringBuilder models = new StringBuilder("models:\n");
    for (int i = 0; i < pipelines; i++) {
      String name = String.format(Locale.ROOT, "%05d", i);
      config.append("  p").append(name).append(": {schedule: \"0 3 * * *\"}\n");
      models.append("  - {name: m").append(name).append(", pipeline: p").append(name).append("}\n");
      Files.writeString(root.resolve("models/m" + name + ".sql"), "select " + i + " as x");
    }
    Files.writeString(root.resolve("tidemark.yml"), config);
    Files.writeString(root.resolve("models/models.yml"), models);
    return root;
  }

  private static Project load(Path root) {
    try (DuckDbWarehouse parser = DuckDbWarehouse.openInMemory()) {
      return new ProjectLoader(parser::parse).load(root);
    }
  }

  /** Lags in milliseconds, in the order the runs started. */
  private static List<Double> baseline(Path root, int pipelines) throws Exception {
    Project project = load(root);
    Clock clock = Clock.fixed(Instant.parse("2024-01-05T03:00:00Z"), ZoneOffset.UTC);
    ConcurrentLinkedQueue<Double> lags = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Double> firstTasks = new ConcurrentLinkedQueue<>();
    ExecutorService runs = Executors.newFixedThreadPool(CONCURRENT_RUNS);
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(root.resolve("warehouse.duckdb"));
        JdbcStateStore store = StateStores.open("jdbc:sqlite:.tidemark/state.db", root)) {
      long start = System.nanoTime();
      PlanService planner = new PlanService(project, warehouse, store, clock);
      TimeRange range = TimeRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 4));
      for (int i = 0; i < pipelines; i++) {
        String selection = String.format(Locale.ROOT, "pipeline:p%05d", i);
        // What `tidemark run -s pipeline:pNNNNN` plans.
        Plan plan = planner.plan(selection, range, false);
        RunExecutor executor =
            new RunExecutor(
                project,
                warehouse,
                store,
                clock,
                new RunOptions(1, 0, Duration.ZERO),
                new RunListener() {
                  @Override
                  public void runStarted(Run run, Plan started) {
                    lags.add((System.nanoTime() - start) / 1e6);
                  }

                  @Override
                  public void taskStarted(io.tidemark.core.plan.Task task, int attempt) {
                    firstTasks.add((System.nanoTime() - start) / 1e6);
                  }
                });
        runs.execute(() -> executor.execute(plan, RunTrigger.MANUAL, OWNER));
      }
      runs.shutdown();
      runs.awaitTermination(1, TimeUnit.HOURS);
    }
    report("first task", new ArrayList<>(firstTasks));
    return new ArrayList<>(lags);
  }

  private static List<Double> scheduler(Path root) throws Exception {
    Project project = load(root);
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-05T02:59:00Z"));
    Clock clock = new MovableClock(now, ZoneOffset.UTC);
    ConcurrentLinkedQueue<Double> lags = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Double> firstTasks = new ConcurrentLinkedQueue<>();
    long[] start = new long[1];
    ExecutorService runs = Executors.newFixedThreadPool(CONCURRENT_RUNS);
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(root.resolve("warehouse.duckdb"));
        JdbcStateStore store = StateStores.open("jdbc:sqlite:.tidemark/state.db", root)) {
      Scheduler scheduler =
          new Scheduler(
              project,
              warehouse,
              store,
              store.schedules(),
              clock,
              runs,
              new SchedulerOptions(
                  "bench", Duration.ofMinutes(10), OWNER, owner -> false, Duration.ofMinutes(1)),
              new SchedulerListener() {
                @Override
                public void runStarted(Fire fire, Run run) {
                  lags.add((System.nanoTime() - start[0]) / 1e6);
                }

                @Override
                public RunListener runListener(Fire fire) {
                  return new RunListener() {
                    @Override
                    public void taskStarted(io.tidemark.core.plan.Task task, int attempt) {
                      if (attempt == 1) {
                        firstTasks.add((System.nanoTime() - start[0]) / 1e6);
                      }
                    }
                  };
                }
              });
      scheduler.tick();
      now.set(Instant.parse("2024-01-05T03:00:00Z"));
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      long cpuStart = threads.getCurrentThreadCpuTime();
      start[0] = System.nanoTime();
      scheduler.tick();
      double tick = (System.nanoTime() - start[0]) / 1e6;
      double tickCpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
      System.out.printf(
          Locale.ROOT,
          "scheduler tick recording and starting every fire: %.0f ms (CPU %.0f ms)%n",
          tick,
          tickCpu);
      // Every run to its end before stopping: a stop would drain the runs not yet started.
      while (scheduler.runsInFlight() > 0) {
        Thread.sleep(10);
      }
      scheduler.stop(Duration.ofHours(1));
      runs.shutdown();
      runs.awaitTermination(1, TimeUnit.HOURS);
    }
    // Each pipeline has one task: its start is the fire's first task started.
    report("first task", new ArrayList<>(firstTasks));
    return new ArrayList<>(lags);
  }

  private static void report(String what, List<Double> lags) {
    List<Double> sorted = lags.stream().sorted().toList();
    System.out.printf(
        Locale.ROOT,
        "%-16s runs %d  lag median %.0f ms  p95 %.0f ms  last %.0f ms%n",
        what,
        sorted.size(),
        sorted.get(sorted.size() / 2),
        sorted.get((int) (sorted.size() * 0.95)),
        sorted.get(sorted.size() - 1));
  }

  /** A clock the harness moves; its zoned views move with it. */
  private static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    MovableClock(AtomicReference<Instant> now, ZoneId zone) {
      this.now = now;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
      return new MovableClock(now, other);
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
