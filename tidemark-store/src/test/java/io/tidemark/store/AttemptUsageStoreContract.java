package io.tidemark.store;

import static io.tidemark.store.StateFixtures.ALIVE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.AttemptUsage;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.core.warehouse.EngineUsage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every store sums for cost reports, held equal to the same sums made attempt by attempt from
 * {@code recentRuns} and {@code attempts}.
 */
interface AttemptUsageStoreContract extends StoreContract {
  Instant FIRST_DAY = Instant.parse("2024-03-01T00:00:00Z");
  // Names whose byte order differs from a prefix-blind order: "a_b" after "a.b", "ab" after both.
  List<AssetName> USAGE_ASSETS =
      List.of(
          AssetName.parse("marts.a_b"),
          AssetName.parse("marts.a"),
          AssetName.parse("marts.ab"),
          AssetName.parse("raw.Z"));

  /**
   * Ten days of runs of every trigger, skipped and failed attempts among them; returns the runs.
   */
  private List<Run> fillUsage() {
    Random random = new Random(5);
    List<Run> runs = new ArrayList<>();
    for (int day = 0; day < 10; day++) {
      for (int r = 0; r < 2; r++) {
        Instant startedAt = FIRST_DAY.plusSeconds(day * 86_400L + random.nextInt(86_400));
        Run run =
            store()
                .createRun(
                    new NewRun(
                        RunTrigger.values()[random.nextInt(RunTrigger.values().length)],
                        "",
                        "",
                        "",
                        4,
                        startedAt,
                        ALIVE));
        runs.add(run);
        for (AssetName asset : USAGE_ASSETS) {
          String partition = "2024-03-0" + random.nextInt(4);
          if (random.nextInt(8) == 0) {
            store().recordSkipped(run.id(), asset, partition, "upstream failed", startedAt);
            continue;
          }
          long id = store().startAttempt(run.id(), asset, partition, 1, startedAt);
          TaskStatus status = random.nextInt(6) == 0 ? TaskStatus.FAILED : TaskStatus.SUCCEEDED;
          TaskStatistics statistics =
              new TaskStatistics(
                  10,
                  random.nextInt(1_000_000),
                  100,
                  random.nextInt(1_000),
                  0,
                  0,
                  new EngineUsage(0, random.nextInt(5_000_000), random.nextInt(1_000), 0));
          store()
              .finishAttempt(
                  id,
                  status,
                  startedAt.plusSeconds(3),
                  "",
                  statistics,
                  "",
                  status == TaskStatus.SUCCEEDED
                      ? Optional.of(
                          new PartitionState(
                              asset,
                              partition,
                              PartitionStatus.MATERIALIZED,
                              "d",
                              "c",
                              "i",
                              statistics,
                              "h",
                              run.id(),
                              startedAt))
                      : Optional.empty());
        }
      }
    }
    return runs;
  }

  /** The sums made attempt by attempt: by key (asset, day or "asset partition") and repair. */
  private Map<List<Object>, long[]> summed(
      List<Run> runs, Instant from, Instant until, String by, Set<AssetName> excluded) {
    Map<List<Object>, long[]> sums = new HashMap<>();
    for (Run run : runs) {
      if (run.startedAt().isBefore(from) || !run.startedAt().isBefore(until)) {
        continue;
      }
      boolean repair = run.trigger() == RunTrigger.REPAIR || run.trigger() == RunTrigger.BACKFILL;
      for (TaskAttempt attempt : store().attempts(run.id())) {
        if (attempt.status() == TaskStatus.SKIPPED || excluded.contains(attempt.asset())) {
          continue;
        }
        Object key =
            switch (by) {
              case "asset" -> attempt.asset().toString();
              case "day" -> LocalDate.ofInstant(run.startedAt(), ZoneOffset.UTC).toString();
              default -> attempt.asset() + " " + attempt.partition();
            };
        long[] sum =
            sums.computeIfAbsent(List.of(key, !"partition".equals(by) && repair), k -> new long[4]);
        TaskStatistics statistics = attempt.statistics();
        sum[0]++;
        sum[1] += Math.max(statistics.cpuMillis(), statistics.engine().cpuMillis());
        sum[2] += statistics.engine().bytesScanned();
        sum[3] += statistics.bytesWritten();
      }
    }
    return sums;
  }

  private static Map<List<Object>, long[]> asMap(List<AttemptUsage> usage, boolean partitions) {
    Map<List<Object>, long[]> map = new HashMap<>();
    for (AttemptUsage u : usage) {
      Object key = partitions ? u.asset() + " " + u.key() : u.key();
      long[] previous =
          map.put(
              List.of(key, u.repair()),
              new long[] {u.attempts(), u.computeMillis(), u.bytesScanned(), u.bytesWritten()});
      assertThat(previous).as("one row per group: " + key).isNull();
    }
    return map;
  }

  @Test
  default void attemptUsageSumsTheAttemptsOfThePeriodsRunsByAssetAndByDay() {
    List<Run> runs = fillUsage();
    Instant from = FIRST_DAY.plusSeconds(2 * 86_400L + 3_600);
    Instant until = FIRST_DAY.plusSeconds(8 * 86_400L);
    assertThat(summed(runs, from, until, "day", Set.of())).hasSizeGreaterThan(8);
    for (Set<AssetName> excluded : List.of(Set.<AssetName>of(), Set.of(USAGE_ASSETS.get(1)))) {
      for (AttemptUsage.By by : AttemptUsage.By.values()) {
        String name = by == AttemptUsage.By.DAY ? "day" : "asset";
        assertThat(asMap(store().attemptUsage(from, until, by, excluded), false))
            .as(by + " without " + excluded)
            .usingRecursiveComparison()
            .isEqualTo(summed(runs, from, until, name, excluded));
        assertThat(asMap(store().attemptUsage(FIRST_DAY, Instant.MAX, by, excluded), false))
            .usingRecursiveComparison()
            .isEqualTo(summed(runs, FIRST_DAY, Instant.MAX, name, excluded));
      }
    }
    assertThat(store().attemptUsage(until, until, AttemptUsage.By.ASSET, List.of())).isEmpty();
    // Excluding more assets than one statement's first slots hold.
    List<AssetName> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.add(AssetName.parse("marts.other_" + i));
    }
    many.add(USAGE_ASSETS.get(0));
    assertThat(asMap(store().attemptUsage(from, until, AttemptUsage.By.ASSET, many), false))
        .usingRecursiveComparison()
        .isEqualTo(summed(runs, from, until, "asset", Set.copyOf(many)));
  }

  @Test
  default void costliestPartitionsAreTheMostExpensiveAtTheWeightsTiesInByteOrder() {
    List<Run> runs = fillUsage();
    Instant from = FIRST_DAY.plusSeconds(86_400L);
    Map<List<Object>, long[]> all = summed(runs, from, Instant.MAX, "partition", Set.of());
    double[][] weights = {{1, 0, 0}, {0, 1e-6, 2e-6}, {0.5, 0.25, 0.125}, {0, 0, 0}};
    for (double[] w : weights) {
      List<String> expected =
          all.entrySet().stream()
              .sorted(
                  Comparator.comparingDouble(
                          (Map.Entry<List<Object>, long[]> e) ->
                              -(e.getValue()[1] * w[0]
                                  + e.getValue()[2] * w[1]
                                  + e.getValue()[3] * w[2]))
                      .thenComparing(e -> (String) e.getKey().get(0)))
              .map(e -> e.getKey().get(0) + " " + e.getValue()[0] + " " + e.getValue()[3])
              .limit(7)
              .toList();
      List<AttemptUsage> top =
          store().costliestPartitions(from, Instant.MAX, List.of(), w[0], w[1], w[2], 7);
      assertThat(top)
          .extracting(u -> u.asset() + " " + u.key() + " " + u.attempts() + " " + u.bytesWritten())
          .as("weights %s", java.util.Arrays.toString(w))
          .containsExactlyElementsOf(expected);
    }
    assertThat(
            store()
                .costliestPartitions(
                    from, Instant.MAX, List.of(USAGE_ASSETS.get(2)), 1, 1, 1, 1_000))
        .hasSize(
            (int)
                all.keySet().stream()
                    .filter(k -> !((String) k.get(0)).startsWith(USAGE_ASSETS.get(2) + " "))
                    .count())
        .allSatisfy(u -> assertThat(u.asset()).isNotEqualTo(USAGE_ASSETS.get(2).toString()));
    assertThat(store().costliestPartitions(from, Instant.MAX, List.of(), 1, 1, 1, 0)).isEmpty();
  }

  @Test
  default void storedBytesSumWhatEachAssetsPartitionStatesWrote() {
    fillUsage();
    Map<AssetName, Long> expected = new HashMap<>();
    for (PartitionState state : store().partitions(List.of())) {
      expected.merge(state.asset(), state.statistics().bytesWritten(), Long::sum);
    }
    assertThat(expected).isNotEmpty();
    assertThat(store().storedBytes()).isEqualTo(expected);
  }
}
