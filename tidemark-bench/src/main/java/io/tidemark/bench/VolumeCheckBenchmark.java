package io.tidemark.bench;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetKind;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.quality.Check;
import io.tidemark.core.quality.CheckEvaluator;
import io.tidemark.core.quality.CheckReader;
import io.tidemark.core.quality.RowHistory;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
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

/**
 * Volume checks at scale, from stored statistics: N daily assets with 365 days of row counts in a
 * SQLite state store; judging one new day for all of them, as a run does: read the assets'
 * partition states from the store, build each row history, and evaluate the default volume check
 * through {@link CheckEvaluator} (no table scans). Timed in two parts, the read and the judging.
 *
 * <p>Usage: {@code java -cp CP io.tidemark.bench.VolumeCheckBenchmark [N]} (default 10,000)
 */
public final class VolumeCheckBenchmark {
  private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
  private static final int DAYS = 365;

  private VolumeCheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    int assets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
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
    for (int round = 1; round <= 3; round++) {
      try (StateStore store = StateStores.open("jdbc:sqlite:state.db", root)) {
        long readStart = System.nanoTime();
        Map<AssetName, Map<String, PartitionState>> states = store.partitionsByAsset(names);
        long readEnd = System.nanoTime();
        states = null;
        // The volume checks' own read: row counts only, joined per asset by the database.
        Map<AssetName, RowHistory> histories = new HashMap<>();
        store.rowCounts(
            names,
            (name, partition, rows) ->
                histories
                    .computeIfAbsent(name, n -> RowHistory.empty(asset(n)))
                    .put(partition, rows));
        long countsEnd = System.nanoTime();
        int anomalies = 0;
        for (AssetName name : names) {
          Asset asset = asset(name);
          RowHistory rows = histories.get(name);
          // The volume check reads no table: no warehouse session is needed.
          for (CheckResult result :
              evaluator.evaluate(null, asset, List.of(volume), newest, 0, rows)) {
            if (!result.status().name().equals("PASS")) {
              anomalies++;
            }
          }
        }
        long judgeEnd = System.nanoTime();
        System.out.printf(
            Locale.ROOT,
            "round %d: full states %.2f s (for comparison); row counts into histories %.2f s;"
                + " judge %,d assets %.2f s; counts + judge %.2f s; flagged %,d (planted %,d)%n",
            round,
            (readEnd - readStart) / 1e9,
            (countsEnd - readEnd) / 1e9,
            assets,
            (judgeEnd - countsEnd) / 1e9,
            (judgeEnd - readEnd) / 1e9,
            anomalies,
            (assets + 19) / 20);
      }
    }
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
