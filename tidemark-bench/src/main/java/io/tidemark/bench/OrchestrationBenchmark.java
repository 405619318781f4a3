package io.tidemark.bench;

import io.tidemark.cli.Workspace;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.Selector;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.impact.ImpactAnalysis;
import io.tidemark.core.impact.StoredPartitions;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.Planner;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectConfig;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.core.repair.RepairPlan;
import io.tidemark.core.repair.RepairPlanner;
import io.tidemark.core.run.RunExecutor;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.NewRepair;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RepairTask;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * End-to-end orchestration benchmark: generates a project of N trivial unpartitioned table models
 * (chains of 10: {@code m0 = select k as x}, {@code m1 = select x + 1 as x from ref(m0)}, ...),
 * then measures project load, a bare-JDBC DuckDB baseline issuing the same statements, and a
 * Tidemark run (plan + RunExecutor, threads=1, SQLite state) on a fresh DuckDB file.
 *
 * <p>Usage: {@code java -Xmx512m -cp CP io.tidemark.bench.OrchestrationBenchmark N [N...]}
 */
public final class OrchestrationBenchmark {
  private static final int CHAIN = 10;

  private OrchestrationBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String arg : args) {
      sizes.add(Integer.parseInt(arg));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(1_000);
    }
    System.out.printf(
        Locale.ROOT,
        "java %s, maxHeap=%d MB, cpus=%d%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    List<String> rows = new ArrayList<>();
    for (int n : sizes) {
      rows.add(runOnce(n));
    }
    System.out.println();
    System.out.println(
        "| models | load s | load models/s | warm load models/s | baseline s | plan s | execute s |"
            + " tidemark s | ratio | overhead ms/task | peak heap MB | warm baseline s | forced run"
            + " ms/task over | repair ms/task over |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static String runOnce(int n) throws Exception {
    Path root = Files.createTempDirectory("tidemark-bench-" + n + "-");
    System.out.printf(Locale.ROOT, "%n== N=%d in %s%n", n, root);
    List<String> baselineSql = generate(root, n);
    resetPeaks();

    // 1. Project load, as Workspace does it.
    Sampler loadSampler = new Sampler();
    loadSampler.start();
    long t0 = System.nanoTime();
    Project project;
    try (DuckDbWarehouse parser = DuckDbWarehouse.openInMemory()) {
      project = new ProjectLoader(parser::parse).load(root);
    }
    double loadS = seconds(t0);
    loadSampler.stop();
    System.out.printf(Locale.ROOT, "load (cold JVM): %.3f s (%.0f models/s)%n", loadS, n / loadS);
    loadSampler.print();

    // 2. Baseline: bare JDBC, one connection, same statements.
    Path baselineDb = root.resolve("baseline.duckdb");
    long t1 = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + baselineDb);
        Statement s = c.createStatement()) {
      for (String sql : baselineSql) {
        s.execute(sql);
      }
    }
    double baselineS = seconds(t1);
    System.out.printf(
        Locale.ROOT, "baseline: %.3f s (%.3f ms/stmt)%n", baselineS, baselineS * 1e3 / n);

    // 3. Tidemark: plan + execute, wired as the CLI does (Workspace, RunCommand#execute).
    Sampler sampler = new Sampler();
    RunSummary summary;
    double planS;
    double execS;
    double warmLoadS;
    double storeOpenS;
    double warmBaselineS;
    double forcedS;
    double repairS;
    try (Workspace ws =
        new Workspace(root, null, Clock.systemUTC(), new PrintWriter(System.err, true))) {
      long tl = System.nanoTime();
      Project p = ws.project(); // second load, JIT-warm
      warmLoadS = seconds(tl);
      // Creating the state store (Flyway's migrations on a fresh SQLite file) happens once in a
      // project's life: timed on its own, and reported beside the per-task figure.
      long ts = System.nanoTime();
      ws.store();
      storeOpenS = seconds(ts);
      long tp = System.nanoTime();
      Set<AssetName> selected = new Selector(p).select("");
      LocalDate start = p.config().start();
      TimeRange day = TimeRange.ofDays(start, start);
      // As `tidemark plan` reads states: those of the spans the plan needs.
      Planner planner = new Planner(new Lineage(p, ws.clock()));
      Plan plan =
          planner.plan(
              "",
              selected,
              day,
              false,
              ws.store().partitionsByAsset(planner.stateSpans(selected, day)));
      planS = seconds(tp);
      ProjectConfig config = p.config();
      long te = System.nanoTime();
      RunExecutor executor =
          new RunExecutor(
              p,
              ws.warehouse(),
              ws.store(),
              ws.clock(),
              new RunOptions(1, 0, config.retryBackoff()),
              RunListener.NONE);
      sampler.start();
      summary = executor.execute(plan, RunTrigger.MANUAL, Workspace.currentOwner());
      sampler.stop();
      execS = seconds(te);

      // 4. Warm, side by side: the bare-JDBC baseline again, a forced run of everything, and a
      // repair of everything (impact from every chain head, stored plan, repair run).
      long tb = System.nanoTime();
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + baselineDb);
          Statement s = c.createStatement()) {
        for (String sql : baselineSql) {
          s.execute(sql);
        }
      }
      warmBaselineS = seconds(tb);
      long tf = System.nanoTime();
      Plan forced =
          planner.plan(
              "",
              selected,
              day,
              true,
              ws.store().partitionsByAsset(planner.stateSpans(selected, day)));
      requireAll(executor.execute(forced, RunTrigger.MANUAL, Workspace.currentOwner()), n);
      forcedS = seconds(tf);
      long tr = System.nanoTime();
      requireAll(repairEverything(p, ws, executor), n);
      repairS = seconds(tr);
      System.out.printf(
          Locale.ROOT,
          "warm: baseline %.3f s, forced run %.3f s (%.3f ms/task over), repair %.3f s (%.3f"
              + " ms/task over)%n",
          warmBaselineS,
          forcedS,
          (forcedS - warmBaselineS) * 1e3 / n,
          repairS,
          (repairS - warmBaselineS) * 1e3 / n);
    }
    double tidemarkS = planS + execS; // warehouse open is in execute; store creation apart
    if (summary.status() != RunStatus.SUCCEEDED || summary.succeeded() != n) {
      throw new IllegalStateException("run did not succeed: " + summary);
    }
    double overheadMs = (tidemarkS - baselineS) * 1e3 / n;
    long peakMb = peakHeapBytes() >> 20;
    System.out.printf(
        Locale.ROOT,
        "tidemark: plan %.3f s, execute %.3f s, total (excl. load) %.3f s; %d tasks succeeded%n",
        planS,
        execS,
        tidemarkS,
        summary.succeeded());
    System.out.printf(
        Locale.ROOT, "state store created and migrated (once per project): %.3f s%n", storeOpenS);
    System.out.printf(
        Locale.ROOT,
        "ratio tidemark/baseline: %.2fx; overhead %.3f ms/task; peak heap %d MB%n",
        tidemarkS / baselineS,
        overheadMs,
        peakMb);
    sampler.print();
    return String.format(
        Locale.ROOT,
        "| %,d | %.2f | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.2f | %.2fx | %.2f | %d | %.2f | %.2f"
            + " | %.2f |",
        n,
        loadS,
        n / loadS,
        n / warmLoadS,
        baselineS,
        planS,
        execS,
        tidemarkS,
        tidemarkS / baselineS,
        overheadMs,
        peakMb,
        warmBaselineS,
        (forcedS - warmBaselineS) * 1e3 / n,
        (repairS - warmBaselineS) * 1e3 / n);
  }

  /** A repair as the CLI makes one: impact of every chain head, stored plan, repair run. */
  private static RunSummary repairEverything(Project project, Workspace ws, RunExecutor executor) {
    Lineage lineage = new Lineage(project, ws.clock());
    Map<AssetName, Map<String, PartitionState>> states = ws.store().partitionsByAsset(List.of());
    Map<AssetName, PartitionSet> roots = new LinkedHashMap<>();
    for (int i = 0; i < project.assets().size(); i += CHAIN) {
      roots.put(
          AssetName.of("main", name(i)), PartitionSet.of(Grain.ALL, List.of(PartitionKey.ALL)));
    }
    Impact impact =
        new ImpactAnalysis(project.graph(), lineage::domain)
            .analyse(roots, StoredPartitions.built(lineage, states), Set.of());
    RepairPlan plan = new RepairPlanner(project.graph()).plan(impact, Set.of());
    List<RepairTask> tasks = plan.taskList();
    Repair repair =
        ws.store()
            .createRepair(
                new NewRepair("bench", "", "", "", "", "bench", ws.clock().instant(), tasks));
    LocalDate start = project.config().start();
    Plan runPlan =
        RepairPlanner.executable(lineage, "repair", TimeRange.ofDays(start, start), tasks, states);
    Run run =
        ws.store()
            .startRepairRun(
                repair.id(),
                tasks,
                new NewRun(
                    RunTrigger.REPAIR,
                    "repair",
                    start.toString(),
                    start.toString(),
                    tasks.size(),
                    ws.clock().instant(),
                    Workspace.currentOwner()));
    return executor.execute(runPlan, run);
  }

  private static void requireAll(RunSummary summary, int n) {
    if (summary.status() != RunStatus.SUCCEEDED || summary.succeeded() != n) {
      throw new IllegalStateException("run did not succeed: " + summary);
    }
  }

  /** Writes the project; returns the baseline statements in dependency order. */
  static List<String> generate(Path root, int n) throws IOException {
    Files.writeString(
        root.resolve("tidemark.yml"),
        String.join(
            "\n",
            "name: bench",
            "start: 2024-01-01",
            "warehouse:",
            "  type: duckdb",
            "  path: warehouse.duckdb",
            "state:",
            "  url: jdbc:sqlite:.tidemark/state.db",
            "run:",
            "  threads: 1",
            "  retries: 0",
            "  retry_backoff: 0s",
            ""));
    Path models = Files.createDirectories(root.resolve("models"));
    List<String> baseline = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = name(i);
      String model;
      String plain;
      if (i % CHAIN == 0) {
        model = "select " + i + " as x\n";
        plain = "select " + i + " as x";
      } else {
        model = "select x + 1 as x from {{ ref('" + name(i - 1) + "') }}\n";
        plain = "select x + 1 as x from main." + name(i - 1);
      }
      try {
        Files.writeString(models.resolve(name + ".sql"), model);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      baseline.add("CREATE OR REPLACE TABLE main." + name + " AS " + plain);
    }
    return baseline;
  }

  /** The baseline statements of {@link #generate(Path, int)}, in dependency order. */
  static List<String> statements(int n) {
    List<String> statements = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String plain =
          i % CHAIN == 0 ? "select " + i + " as x" : "select x + 1 as x from main." + name(i - 1);
      statements.add("CREATE OR REPLACE TABLE main." + name(i) + " AS " + plain);
    }
    return statements;
  }

  private static String name(int i) {
    return String.format(Locale.ROOT, "m%05d", i);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /**
   * A crude sampling profiler: every 5 ms, classifies each runnable Tidemark thread by the first
   * recognisable frame from the top of its stack (SQLite driver, DuckDB driver, Tidemark code).
   */
  static final class Sampler {
    private final Map<String, LongAdder> buckets = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> frames = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;
    private long samples;

    void start() {
      running.set(true);
      long self = Thread.currentThread().getId();
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  for (ThreadInfo info : mx.dumpAllThreads(false, false, 64)) {
                    if (info.getThreadId() == Thread.currentThread().getId()) {
                      continue;
                    }
                    String bucket = classify(info);
                    if (bucket != null) {
                      buckets.computeIfAbsent(bucket, k -> new LongAdder()).increment();
                    }
                  }
                  samples++;
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private String classify(ThreadInfo info) {
      StackTraceElement[] stack = info.getStackTrace();
      if (stack.length == 0 || info.getThreadState() != Thread.State.RUNNABLE) {
        return null;
      }
      boolean inTidemark = false;
      for (StackTraceElement e : stack) {
        if (e.getClassName().startsWith("io.tidemark")) {
          inTidemark = true;
          break;
        }
      }
      if (!inTidemark || stack[0].getClassName().startsWith("jdk.internal.misc.Unsafe")) {
        return null;
      }
      for (StackTraceElement e : stack) {
        String c = e.getClassName();
        if (c.startsWith("org.sqlite")) {
          frames.computeIfAbsent(firstTidemark(stack), k -> new LongAdder()).increment();
          return "state store (org.sqlite)";
        }
        if (c.startsWith("org.duckdb")) {
          frames.computeIfAbsent(firstTidemark(stack), k -> new LongAdder()).increment();
          return "warehouse (org.duckdb)";
        }
        if (c.startsWith("io.tidemark")) {
          frames.computeIfAbsent(firstTidemark(stack), k -> new LongAdder()).increment();
          return "tidemark/jdk code";
        }
      }
      return "other";
    }

    private static String firstTidemark(StackTraceElement[] stack) {
      for (StackTraceElement e : stack) {
        if (e.getClassName().startsWith("io.tidemark")) {
          return e.getClassName().substring("io.tidemark.".length()) + "#" + e.getMethodName();
        }
      }
      return "?";
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    void print() {
      long total = buckets.values().stream().mapToLong(LongAdder::sum).sum();
      System.out.printf(
          Locale.ROOT, "sampled execute (%d ticks, %d runnable samples):%n", samples, total);
      new TreeMap<>(buckets)
          .forEach(
              (k, v) ->
                  System.out.printf(Locale.ROOT, "  %-28s %5.1f%%%n", k, 100.0 * v.sum() / total));
      System.out.println("  top Tidemark frames:");
      frames.entrySet().stream()
          .sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> -e.getValue().sum()))
          .limit(8)
          .forEach(
              e ->
                  System.out.printf(
                      Locale.ROOT,
                      "    %5.1f%% %s%n",
                      100.0 * e.getValue().sum() / total,
                      e.getKey()));
    }
  }
}
