package io.tidemark.bench;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.CheckTally;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.StateStore;
import io.tidemark.store.StateStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The state-store reads of {@code status} and {@code check} on a built project's store, without
 * loading the project: each read the commands did before against the one they do now, in the same
 * JVM and run, median of 5 after one warm-up. The project's assets are the ones its store holds.
 *
 * <p>Usage: {@code java -cp CP io.tidemark.bench.StateReadsBenchmark DIR [--days 30]} (a project
 * built by {@link InteractiveCommandsBenchmark}, whose state is {@code .tidemark/state.db}).
 */
public final class StateReadsBenchmark {
  private static final int RUNS = 5;

  private StateReadsBenchmark() {}

  public static void main(String[] args) {
    Path root = Path.of(args[0]).toAbsolutePath();
    int days = args.length > 2 && args[1].equals("--days") ? Integer.parseInt(args[2]) : 30;
    TimeRange range =
        new TimeRange(
            LargeProject.START.atStartOfDay(), LargeProject.START.plusDays(days).atStartOfDay());
    try (StateStore store = StateStores.open("jdbc:sqlite:.tidemark/state.db", root)) {
      // Every asset of a LargeProject has a volume check, so its latest results name them all.
      Set<AssetName> assets = new TreeSet<>();
      for (CheckTally tally : store.latestCheckTallies()) {
        assets.add(tally.asset());
      }
      List<AssetName> names = new ArrayList<>(assets);
      System.out.printf(
          Locale.ROOT,
          "%s: %,d assets, %s..%s%n",
          root,
          names.size(),
          LargeProject.START,
          LargeProject.START.plusDays(days - 1));
      System.out.println("| read | before (ms) | now (ms) | ratio |");
      System.out.println("|---|---|---|---|");
      compare(
          "status: latest check results by asset and status",
          () -> countOneByOne(store.latestCheckResults(List.of())),
          () -> countTallies(store.latestCheckTallies()));
      compare(
          "check: which partitions hold data, " + days + " days",
          () -> {
            int held = 0;
            for (Map<String, PartitionState> states :
                store.partitionsByAsset(names, range).values()) {
              held += states.size();
            }
            return held;
          },
          () -> {
            int[] held = {0};
            store.rowCounts(names, (asset, grain, first, counts) -> held[0] += counts.length);
            return held[0] + store.failedOrUnpartitioned().size();
          });
    }
  }

  private static Map<AssetName, Map<CheckStatus, Integer>> countOneByOne(
      List<CheckResult> results) {
    Map<AssetName, Map<CheckStatus, Integer>> counts = new HashMap<>();
    for (CheckResult result : results) {
      counts
          .computeIfAbsent(result.asset(), a -> new EnumMap<>(CheckStatus.class))
          .merge(result.status(), 1, Integer::sum);
    }
    return counts;
  }

  private static Map<AssetName, Map<CheckStatus, Integer>> countTallies(List<CheckTally> tallies) {
    Map<AssetName, Map<CheckStatus, Integer>> counts = new HashMap<>();
    for (CheckTally tally : tallies) {
      counts
          .computeIfAbsent(tally.asset(), a -> new EnumMap<>(CheckStatus.class))
          .merge(tally.status(), (int) tally.results(), Integer::sum);
    }
    return counts;
  }

  private static void compare(String label, Supplier<Object> before, Supplier<Object> now) {
    Object expected = before.get();
    Object actual = now.get();
    if (expected instanceof Map && !expected.equals(actual)) {
      throw new IllegalStateException(label + ": the two reads disagree");
    }
    double beforeMs = median(before);
    double nowMs = median(now);
    System.out.printf(
        Locale.ROOT, "| %s | %.1f | %.1f | %.1fx |%n", label, beforeMs, nowMs, beforeMs / nowMs);
  }

  private static double median(Supplier<Object> read) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long started = System.nanoTime();
      read.get();
      times.add((System.nanoTime() - started) / 1e6);
    }
    Collections.sort(times);
    return times.get(RUNS / 2);
  }
}
