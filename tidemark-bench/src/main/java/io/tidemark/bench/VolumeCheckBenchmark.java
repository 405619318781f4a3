package io.tidemark.bench;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetKind;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.quality.Check;
import io.tidemark.core.quality.CheckEvaluator;
import io.tidemark.core.quality.CheckReader;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.PartitionTally;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.store.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

/**
 * Volume checks at scale, from stored statistics: N daily assets with 365 days of row counts in a
 * SQLite state store; judging one new day for all of them as {@code tidemark check} does, with
 * {@link CheckEvaluator#judgeStored}: one read of the packed row counts, then the default volume
 * check on every asset (no table scans), once on one thread and once on all cores. The first round
 * also times reading the assets' whole partition states, what the judging would cost without the
 * packed counts.
 *
 * <p>Usage: {@code java -cp CP io.tidemark.bench.VolumeCheckBenchmark [N]} (default 10,000)
 */
public final class VolumeCheckBenchmark {
  private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
  private static final int DAYS = 365;

  private VolumeCheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    int assets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    writeCost();
    Path root = Files.createTempDirectory("tidemark-volume-bench-");
    Random random = new Random(42);
    List<AssetName> names = new ArrayList<>();
    long setup = System.nanoTime();
    try (StateStore store = StateStores.open("jdbc:sqlite:state.db", root)) {
      List<PartitionState> batch = new ArrayList<>();
      Instant now = Instant.parse("2025-01-01T06:00:00Z");
      for (int a = 0; a < assets; a++) {
        AssetName name = AssetName.of("bench", "a" + a);
        names.add(name);
        double level = Math.exp(7 + random.nextDouble() * 7);
        for (int d = 0; d < DAYS; d++) {
          double weekly = 1 + 0.2 * Math.sin(2 * Math.PI * (d % 7) / 7.0);
          double rows = level * weekly * (1 + d / 1000.0) * (1 + random.nextGaussian() * 0.05);
          if (d == DAYS - 1 && a % 20 == 0) {
            rows *= 0.4; // one asset in twenty loads short on the newest day
          }
          batch.add(
              new PartitionState(
                  name,
                  PartitionKey.day(FIRST.plusDays(d)).toString(),
                  PartitionStatus.MATERIALIZED,
                  "v",
                  "c",
                  "i",
                  new TaskStatistics(Math.max(1, Math.round(rows)), 0, 0, 0, 0),
                  1,
                  now));
        }
        if (batch.size() >= 200_000) {
          store.putPartitions(batch);
          batch.clear();
        }
      }
      store.putPartitions(batch);
    }
    System.out.printf(
        Locale.ROOT,
        "setup: %,d assets x %d days stored in SQLite in %.1f s%n",
        assets,
        DAYS,
        (System.nanoTime() - setup) / 1e9);

    Check volume = CheckReader.defaultVolume(new SourceLocation(Path.of("bench"), 0));
    CheckEvaluator evaluator = CheckEvaluator.standard(Clock.systemUTC(), name -> asset(name));
    PartitionKey newest = PartitionKey.day(FIRST.plusDays(DAYS - 1));
    List<CheckEvaluator.Target> targets = new ArrayList<>();
    for (AssetName name : names) {
      targets.add(new CheckEvaluator.Target(asset(name), List.of(volume), List.of(newest)));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    for (int round = 1; round <= 3; round++) {
      try (StateStore store = StateStores.open("jdbc:sqlite:state.db", root)) {
        double states = Double.NaN;
        double daySpan = Double.NaN;
        double tally = Double.NaN;
        if (round == 1) {
          // What reading whole partition states instead would cost: the baseline.
          long start = System.nanoTime();
          store.partitionsByAsset(names);
          states = (System.nanoTime() - start) / 1e9;
          // What planning or running the newest day reads now: that day's states.
          Map<AssetName, TimeRange> spans = new HashMap<>();
          TimeRange day = new TimeRange(newest.start(), newest.end());
          names.forEach(name -> spans.put(name, day));
          long spanStart = System.nanoTime();
          int read = store.partitionsByAsset(spans).values().stream().mapToInt(Map::size).sum();
          daySpan = (System.nanoTime() - spanStart) / 1e9;
          if (read != assets) {
            throw new IllegalStateException("read " + read + " states of the newest day");
          }
          // What `tidemark status` reads now: counts by asset and status, summed by the database.
          Map<AssetName, PartitionTally.KeyRun> runs = new HashMap<>();
          names.forEach(
              name ->
                  runs.put(
                      name,
                      new PartitionTally.KeyRun(
                          PartitionKey.day(FIRST).toString(), newest.toString())));
          long tallyStart = System.nanoTime();
          long counted = store.tally(runs).stream().mapToLong(PartitionTally::partitions).sum();
          tally = (System.nanoTime() - tallyStart) / 1e9;
          if (counted != (long) assets * DAYS) {
            throw new IllegalStateException("counted " + counted + " partitions");
          }
        }
        long readStart = System.nanoTime();
        long[] chunks = new long[1];
        store.rowCounts(names, (asset, grain, first, counts) -> chunks[0]++);
        double read = (System.nanoTime() - readStart) / 1e9;
        ForkJoinPool single = new ForkJoinPool(1);
        long start = System.nanoTime();
        List<CheckResult> one = single.submit(() -> evaluator.judgeStored(store, targets, 0)).get();
        long oneEnd = System.nanoTime();
        single.shutdown();
        List<CheckResult> all = evaluator.judgeStored(store, targets, 0);
        long allEnd = System.nanoTime();
        if (!same(one, all)) {
          throw new IllegalStateException("one thread and all cores judged differently");
        }
        System.out.printf(
            Locale.ROOT,
            "round %d: read counts alone %.2f s (%,d chunks); read counts + judge %,d assets:"
                + " %.2f s on 1 thread, %.2f s on %d cores; flagged %,d (planted %,d)%s%n",
            round,
            read,
            chunks[0],
            assets,
            (oneEnd - start) / 1e9,
            (allEnd - oneEnd) / 1e9,
            cores,
            flagged(all),
            (assets + 19) / 20,
            Double.isNaN(states)
                ? ""
                : String.format(
                    Locale.ROOT,
                    "; baseline: whole partition states read alone %.2f s; the newest day's"
                        + " states alone (as plan and run read them) %.2f s; every partition"
                        + " counted by status (as status reads them) %.2f s",
                    states,
                    daySpan,
                    tally));
      }
    }
  }

  /**
   * What keeping counts packed adds to each partition write: 10,000 single-state writes (as a run
   * records each task) of daily partitions, which update a packed row too, against writes of
   * unpartitioned ones, which do not; three rounds each, in a fresh store.
   */
  private static void writeCost() throws Exception {
    Path root = Files.createTempDirectory("tidemark-write-cost-");
    try (StateStore store = StateStores.open("jdbc:sqlite:state.db", root)) {
      for (int round = 1; round <= 3; round++) {
        double[] perWrite = new double[2];
        for (int kind = 0; kind < 2; kind++) {
          long start = System.nanoTime();
          for (int i = 0; i < 10_000; i++) {
            AssetName name = AssetName.of("cost", "r" + round + "k" + kind + "a" + i % 100);
            String partition =
                kind == 0 ? PartitionKey.day(FIRST.plusDays(i / 100)).toString() : "all";
            store.putPartitions(
                List.of(
                    new PartitionState(
                        name,
                        partition,
                        PartitionStatus.MATERIALIZED,
                        "v",
                        "c",
                        "i",
                        new TaskStatistics(i, 0, 0, 0, 0),
                        1,
                        Instant.EPOCH)));
          }
          perWrite[kind] = (System.nanoTime() - start) / 1e6 / 10_000;
        }
        System.out.printf(
            Locale.ROOT,
            "write cost round %d: %.3f ms per daily partition state (with its packed count),"
                + " %.3f ms per unpartitioned one (none)%n",
            round,
            perWrite[0],
            perWrite[1]);
      }
    }
  }

  private static long flagged(List<CheckResult> results) {
    return results.stream()
        .filter(r -> r.status() != CheckStatus.PASS && r.status() != CheckStatus.SKIPPED)
        .count();
  }

  /** The same verdicts (results differ only in when they were checked). */
  private static boolean same(List<CheckResult> a, List<CheckResult> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).status() != b.get(i).status()
          || !a.get(i).asset().equals(b.get(i).asset())
          || !a.get(i).message().equals(b.get(i).message())) {
        return false;
      }
    }
    return true;
  }

  private static Asset asset(AssetName name) {
    return new Asset(
        name,
        AssetKind.MODEL,
        "",
        "",
        List.of(),
        List.of(),
        Materialization.INCREMENTAL,
        new Partitioning(Grain.DAY, "day"),
        "",
        "",
        FIRST,
        List.of(),
        "select 1",
        new SourceLocation(Path.of("bench"), 0));
  }
}
