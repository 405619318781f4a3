package io.tidemark.bench;

import io.tidemark.cli.Workspace;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunService;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.examples.ExampleProjects;
import io.tidemark.examples.OutageReports;
import io.tidemark.examples.SubscriptionsGenerator;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The subscriptions example on DuckDB and on Spark (local mode, in this process), one after the
 * other in one process: the same data (generated into each engine through its own loading path),
 * the same models, {@code run.threads: 1}. For each engine: the data's generation, a full build of
 * DAYS days and then one more day generated and built, each as wall time and the process's CPU
 * time, and the KPI mart's totals (which must agree between the engines).
 *
 * <p>Usage: {@code SparkExampleBenchmark DAYS SCALE [ENGINES]}, ENGINES a comma-separated order
 * (default {@code duckdb,spark}). Spark's start-up falls into the first Spark step (generation).
 */
public final class SparkExampleBenchmark {
  private SparkExampleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int days = Integer.parseInt(args[0]);
    double scale = Double.parseDouble(args[1]);
    List<String> engines = List.of((args.length > 2 ? args[2] : "duckdb,spark").split(","));
    System.out.printf(
        Locale.ROOT,
        "java %s, maxHeap=%d MB, cpus=%d, load average %s%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    System.out.printf(
        Locale.ROOT,
        "%n| engine | days | raw rows | generate s | full: wall s (tasks) | full: CPU s |"
            + " one day: wall s (tasks) | one day: CPU s | kpi_daily rows, sum(net_revenue) |"
            + " load average after |%n|---|---|---|---|---|---|---|---|---|---|%n");
    for (String engine : engines) {
      run(engine, days, scale);
    }
  }

  private static void run(String engine, int days, double scale) throws Exception {
    LocalDate first = LocalDate.of(2024, 1, 1);
    LocalDate last = first.plusDays(days - 1);
    LocalDate next = last.plusDays(1);
    Path project = Files.createTempDirectory("tidemark-example-" + engine + "-");
    try {
      ExampleProjects.copy("subscriptions", project);
      Path config = project.resolve("tidemark.yml");
      String warehouse =
          engine.equals("spark")
              ? "warehouse:\n  type: spark\n  master: local[2]\n  warehouse_dir: spark-warehouse\n"
              : "warehouse:\n  type: duckdb\n  path: warehouse.duckdb\n";
      Files.writeString(
          config,
          Files.readString(config)
              .replaceFirst("(?m)^start:\\s*\\S+", "start: " + first)
              .replaceFirst("(?m)^warehouse:\\n  type: duckdb\\n  path: .*\\n", warehouse)
              .replaceFirst("(?m)^  threads: \\d+", "  threads: 1"));
      withoutWikiLoad(project);
      SubscriptionsGenerator generator = new SubscriptionsGenerator(20240101L, scale, first);
      try (Workspace ws =
          new Workspace(project, null, Clock.systemUTC(), new PrintWriter(System.err, true))) {
        long[] rows = new long[1];
        Measure generate =
            measure(
                () -> {
                  try (WarehouseSession session = ws.warehouse().openSession()) {
                    rows[0] = generator.generate(session, first, last).eventRows();
                    OutageReports.writeTable(
                        session,
                        new OutageReports(20240101L).between(first, last),
                        "https://wiki.example.com/wiki");
                  }
                });
        RunService runs = ws.runService();
        RunOptions options = new RunOptions(1, 0, Duration.ZERO);
        int[] tasks = new int[2];
        Measure full = measure(() -> tasks[0] = build(runs, options, first, last));
        try (WarehouseSession session = ws.warehouse().openSession()) {
          generator.generate(session, next, next);
        }
        Measure day = measure(() -> tasks[1] = build(runs, options, next, next));
        String kpis;
        try (WarehouseSession session = ws.warehouse().openSession()) {
          List<Object> totals =
              session
                  .query("select count(*), sum(net_revenue) from marts.kpi_daily", 1)
                  .rows()
                  .get(0);
          kpis = totals.get(0) + ", " + totals.get(1);
        }
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %,d | %.1f | %.1f (%d) | %.1f | %.2f (%d) | %.2f | %s | %s |%n",
            engine,
            days,
            rows[0],
            generate.wall,
            full.wall,
            tasks[0],
            full.cpu,
            day.wall,
            tasks[1],
            day.cpu,
            kpis,
            loadAverage());
      }
    } finally {
      try (var paths = Files.walk(project)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  private static int build(RunService runs, RunOptions options, LocalDate first, LocalDate last) {
    RunService.Backfill backfill =
        runs.backfill(
            "",
            TimeRange.ofDays(first, last),
            false,
            options,
            RunListener.NONE,
            new Cancellation());
    RunSummary summary = backfill.summary().orElseThrow();
    if (summary.status() != RunStatus.SUCCEEDED) {
      throw new IllegalStateException("run failed: " + summary.failures());
    }
    return summary.tasks();
  }

  /** As `tidemark demo` does: the wiki's table is generated, so its Confluence load goes. */
  private static void withoutWikiLoad(Path directory) throws Exception {
    Path sources = directory.resolve("models").resolve("sources.yml");
    String text = Files.readString(sources);
    int load = text.indexOf("\n        load:\n          from: confluence\n");
    if (load >= 0) {
      int end = text.indexOf("\n  - schema:", load);
      Files.writeString(sources, text.substring(0, load) + (end < 0 ? "\n" : text.substring(end)));
    }
  }

  private record Measure(double wall, double cpu) {}

  private interface Work {
    void run() throws Exception;
  }

  /** Wall time and this process's CPU time (every thread, Spark's and the JVM's own included). */
  private static Measure measure(Work work) throws Exception {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    work.run();
    return new Measure((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (Exception e) {
      return "n/a";
    }
  }
}
