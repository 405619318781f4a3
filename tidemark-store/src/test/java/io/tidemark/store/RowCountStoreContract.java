package io.tidemark.store;

import static io.tidemark.store.StateFixtures.asset;
import static io.tidemark.store.StateFixtures.at;
import static io.tidemark.store.StateFixtures.materialized;
import static io.tidemark.store.StateFixtures.newIncident;
import static io.tidemark.store.StateFixtures.newRun;
import static io.tidemark.store.StateFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionIndex;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What every store does with row counts: they are what the partition states say, whichever way the
 * states were written, read back packed.
 */
interface RowCountStoreContract extends StoreContract {
  AssetName DAILY = asset("daily");
  AssetName HOURLY = asset("hourly");
  AssetName MONTHLY = asset("monthly");

  @Test
  default void rowCountsAreThoseOfEveryPartitionThatHoldsDataOfTheAssetsAsked() {
    AssetName other = asset("other");
    store()
        .putPartitions(
            List.of(
                withRows(materialized(DAILY, "2024-01-01", 1), 10),
                withRows(materialized(DAILY, "2024-01-02", 1), 20),
                withRows(failed(DAILY, "2024-01-03"), 99),
                withRows(materialized(DAILY, "2024-01-05", 1), 0),
                withRows(materialized(HOURLY, "2024-01-01T13", 1), 7),
                withRows(materialized(MONTHLY, "2023-12", 1), 3),
                withRows(materialized(other, "2024-01-01", 1), 5),
                withRows(materialized(asset("unpartitioned"), "all", 1), 5)));

    assertThat(counts(List.of(DAILY, HOURLY, MONTHLY, asset("unpartitioned"))))
        .containsExactly(
            "daily 2024-01-01 10",
            "daily 2024-01-02 20",
            "daily 2024-01-05 0",
            "hourly 2024-01-01T13 7",
            "monthly 2023-12 3");
    assertThat(counts(List.of())).isEmpty();
  }

  @Test
  default void aRewrittenPartitionReplacesItsCountAndAFailedWriteRemovesIt() {
    store()
        .putPartitions(
            List.of(
                withRows(materialized(DAILY, "2024-01-01", 1), 10),
                withRows(materialized(DAILY, "2024-01-02", 1), 20),
                withRows(materialized(DAILY, "2024-01-01", 2), 11)));
    store().putPartitions(List.of(withRows(failed(DAILY, "2024-01-02"), 5)));

    assertThat(counts(List.of(DAILY))).containsExactly("daily 2024-01-01 11");
  }

  @Test
  default void finishedAttemptsAndIncidentsKeepTheCountsOfTheStatesTheyWrite() {
    Run run = store().createRun(newRun());
    long attempt = store().startAttempt(run.id(), DAILY, "2024-03-01", 1, at(1));
    store()
        .finishAttempt(
            attempt,
            TaskStatus.SUCCEEDED,
            at(2),
            "",
            new TaskStatistics(42, 0, 0, 0, 0),
            "v1",
            Optional.of(withRows(materialized(DAILY, "2024-03-01", run.id()), 42)));
    store()
        .recordIncident(
            newIncident(DAILY, at(3), List.of("2024-03-01")),
            List.of(
                withRows(
                    state(DAILY, "2024-03-01", PartitionStatus.INVALID, "v1", run.id(), at(3)),
                    42)));

    assertThat(counts(List.of(DAILY))).containsExactly("daily 2024-03-01 42");
  }

  @Test
  default void aLongHistoryReadsBackWhole() {
    List<PartitionState> year = new ArrayList<>();
    LocalDate first = LocalDate.of(2023, 11, 20);
    for (int day = 0; day < 600; day++) {
      year.add(withRows(materialized(DAILY, first.plusDays(day).toString(), 1), 1_000L + day));
    }
    List<PartitionState> hours = new ArrayList<>();
    for (int hour = 0; hour < 24 * 30; hour++) {
      hours.add(
          withRows(
              materialized(
                  HOURLY,
                  PartitionKey.of(
                          io.tidemark.core.partition.Grain.HOUR,
                          first.atStartOfDay().plusHours(hour))
                      .toString(),
                  1),
              hour));
    }
    store().putPartitions(year);
    store().putPartitions(hours);

    List<String> read = counts(List.of(DAILY, HOURLY));

    assertThat(read).hasSize(600 + 24 * 30);
    assertThat(read).contains("daily 2023-11-20 1000", "daily 2025-07-11 1599");
    assertThat(read).contains("hourly 2023-11-20T00 0", "hourly 2023-12-19T23 719");
  }

  /** Every count read, as "table partition rows", sorted by asset and time. */
  private List<String> counts(Collection<AssetName> assets) {
    TreeMap<String, Long> read = new TreeMap<>();
    store()
        .rowCounts(
            assets,
            (asset, grain, firstIndex, counts) -> {
              for (int i = 0; i < counts.length; i++) {
                if (counts[i] != StateStore.NO_COUNT) {
                  String key =
                      PartitionKey.of(grain, PartitionIndex.start(grain, firstIndex + i))
                          .toString();
                  read.merge(asset.table() + " " + key, counts[i], (a, b) -> -1L);
                }
              }
            });
    return read.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
  }

  private static PartitionState failed(AssetName asset, String partition) {
    return state(asset, partition, PartitionStatus.FAILED, "x", 1, StateFixtures.T0);
  }

  static PartitionState withRows(PartitionState state, long rows) {
    return StateFixtures.withStatistics(state, new TaskStatistics(rows, 0, 0, 0, 0));
  }
}
