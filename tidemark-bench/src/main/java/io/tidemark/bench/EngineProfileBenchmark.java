package io.tidemark.bench;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What collecting the engine's figures costs per task: the same table writes through {@link
 * WarehouseSession#write}, in sessions with DuckDB's profiler on and off, alternating in batches
 * within one JVM so that load on the machine falls on both alike. Prints the median time per write
 * of each, and the difference, which is the overhead of resource collection per task; then the same
 * for the process's CPU time per write (every thread, DuckDB's included), which other work on a
 * loaded machine stretches far less than the elapsed time.
 *
 * <p>Usage: {@code EngineProfileBenchmark [writesPerBatch] [rounds]}.
 */
public final class EngineProfileBenchmark {
  private static final String SWITCH = "tidemark.engine.profile";

  private EngineProfileBenchmark() {}

  public static void main(String[] args) throws Exception {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path directory = Files.createTempDirectory("tidemark-profile-bench");
    List<Double> on = new ArrayList<>();
    List<Double> off = new ArrayList<>();
    List<Double> cpuOn = new ArrayList<>();
    List<Double> cpuOff = new ArrayList<>();
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(directory.resolve("w.duckdb"))) {
      try (WarehouseSession setup = warehouse.openSession()) {
        setup.execute("CREATE SCHEMA IF NOT EXISTS raw");
        setup.execute(
            "CREATE TABLE raw.events AS SELECT range AS id, range % 97 AS user_id,"
                + " (range % 13) * 1.5 AS amount FROM range(10000)");
      }
      // Warm-up: both paths JIT-compiled before anything is timed.
      time(warehouse, true, batch, "warm_on");
      time(warehouse, false, batch, "warm_off");
      for (int round = 0; round < rounds; round++) {
        boolean onFirst = round % 2 == 0;
        double[] first = time(warehouse, onFirst, batch, "r" + round + "a");
        double[] second = time(warehouse, !onFirst, batch, "r" + round + "b");
        (onFirst ? on : off).add(first[0]);
        (onFirst ? off : on).add(second[0]);
        (onFirst ? cpuOn : cpuOff).add(first[1]);
        (onFirst ? cpuOff : cpuOn).add(second[1]);
      }
    } finally {
      System.clearProperty(SWITCH);
    }
    System.out.println(
        "| rounds x writes | measure | profiler off ms/write | on | on − off | on / off |");
    row("elapsed", rounds, batch, median(off), median(on));
    row("process CPU", rounds, batch, median(cpuOff), median(cpuOn));
  }

  private static void row(String measure, int rounds, int batch, double off, double on) {
    System.out.printf(
        Locale.ROOT,
        "| %d x %d | %s | %.3f | %.3f | %+.3f | %+.1f%% |%n",
        rounds,
        batch,
        measure,
        off,
        on,
        on - off,
        (on - off) / off * 100);
  }

  /** Elapsed and process CPU milliseconds per write, over one batch in a fresh session. */
  private static double[] time(DuckDbWarehouse warehouse, boolean profiled, int batch, String tag) {
    System.setProperty(SWITCH, String.valueOf(profiled));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    try (WarehouseSession session = warehouse.openSession()) {
      long started = System.nanoTime();
      long cpu = os.getProcessCpuTime();
      for (int i = 0; i < batch; i++) {
        session.write(
            new WriteRequest(
                AssetName.parse("marts.t_" + tag + "_" + (i % 20)),
                Materialization.TABLE,
                Partitioning.NONE,
                PartitionKey.ALL,
                "SELECT user_id, count(*) AS events, sum(amount) AS amount FROM raw.events"
                    + " WHERE id % 20 = "
                    + (i % 20)
                    + " GROUP BY user_id",
                1));
      }
      return new double[] {
        (System.nanoTime() - started) / 1e6 / batch, (os.getProcessCpuTime() - cpu) / 1e6 / batch
      };
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
