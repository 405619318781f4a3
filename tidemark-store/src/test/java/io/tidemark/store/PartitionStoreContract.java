package io.tidemark.store;

import static io.tidemark.store.StateFixtures.asset;
import static io.tidemark.store.StateFixtures.at;
import static io.tidemark.store.StateFixtures.materialized;
import static io.tidemark.store.StateFixtures.newRun;
import static io.tidemark.store.StateFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.PartitionTally;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every store does with partition states: writes that replace, reads of every asset, of some,
 * of a range and of one partition, and what the database counts and averages over them.
 */
interface PartitionStoreContract extends StoreContract {
  @Test
  default void partitionStateUpsertReplacesThePreviousState() {
    Run run = store().createRun(newRun());
    store().putPartitions(List.of(materialized(ORDERS, "2024-03-01", 0)));
    long id = store().startAttempt(run.id(), ORDERS, "2024-03-01", 1, at(1));
    PartitionState failed =
        new PartitionState(
            ORDERS,
            "2024-03-01",
            PartitionStatus.FAILED,
            "data-v2",
            "code-2",
            "input-v2",
            new TaskStatistics(7, 8, 9, 10, 11),
            "00000000000000000000000000c0ffee",
            run.id(),
            at(2));

    store()
        .finishAttempt(
            id, TaskStatus.FAILED, at(2), "boom", TaskStatistics.NONE, "", Optional.of(failed));

    assertThat(store().partition(ORDERS, "2024-03-01")).contains(failed);
    assertThat(store().partitions(List.of(ORDERS))).containsExactly(failed);

    PartitionState invalid =
        state(ORDERS, "2024-03-01", PartitionStatus.INVALID, "data-v2", run.id(), at(3));
    store().putPartitions(List.of(invalid));

    assertThat(store().partitions(List.of())).containsExactly(invalid);
  }

  @Test
  default void partitionsOfNoAssetsAreAllStoredPartitions() {
    List<PartitionState> states =
        List.of(
            materialized(ORDERS, "2024-03-01", 1),
            materialized(ORDERS, "2024-03-02", 1),
            materialized(REVENUE, "2024-03-01", 1));
    store().putPartitions(states);

    assertThat(store().partitions(List.of())).containsExactlyInAnyOrderElementsOf(states);
    assertThat(store().partitions(List.of(ORDERS)))
        .containsExactlyInAnyOrder(states.get(0), states.get(1));
    assertThat(store().partitions(List.of(asset("unknown")))).isEmpty();
  }

  @Test
  default void partitionsOfTenThousandAssetsAreReadInFull() {
    List<PartitionState> states =
        IntStream.range(0, 12_345)
            .mapToObj(i -> materialized(asset("model_" + i), "all", 1))
            .toList();
    store().putPartitions(states);
    List<AssetName> wanted = IntStream.range(0, 10_000).mapToObj(i -> asset("model_" + i)).toList();
    List<AssetName> odd = IntStream.range(0, 250).mapToObj(i -> asset("model_" + (i * 7))).toList();

    assertThat(store().partitions(wanted))
        .containsExactlyInAnyOrderElementsOf(states.subList(0, 10_000));
    assertThat(store().partitions(odd))
        .extracting(PartitionState::asset)
        .containsExactlyInAnyOrderElementsOf(odd);
    assertThat(store().partitions(List.of())).hasSize(12_345);
  }

  @Test
  default void partitionOfAnUnknownPartitionIsEmpty() {
    store().putPartitions(List.of(materialized(ORDERS, "2024-03-01", 1)));

    assertThat(store().partition(ORDERS, "2024-03-02")).isEmpty();
    assertThat(store().partition(REVENUE, "2024-03-01")).isEmpty();
  }

  @Test
  default void partitionsOfARangeAreThoseThatOverlapItOfEveryGrain() {
    AssetName hourly = asset("hourly");
    AssetName monthly = asset("monthly");
    AssetName whole = asset("whole");
    List<PartitionState> states = new ArrayList<>();
    for (String day :
        List.of("2024-02-29", "2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07")) {
      states.add(materialized(ORDERS, day, 1));
    }
    for (String hour :
        List.of("2024-03-04T23", "2024-03-05T00", "2024-03-06T11", "2024-03-06T12")) {
      states.add(materialized(hourly, hour, 1));
    }
    for (String month : List.of("2024-02", "2024-03", "2024-04")) {
      states.add(materialized(monthly, month, 1));
    }
    states.add(materialized(whole, "all", 1));
    states.add(materialized(REVENUE, "2024-03-05", 1));
    store().putPartitions(states);
    TimeRange range =
        new TimeRange(
            java.time.LocalDateTime.of(2024, 3, 5, 0, 0),
            java.time.LocalDateTime.of(2024, 3, 6, 11, 30));

    List<String> read =
        store().partitions(List.of(ORDERS, hourly, monthly, whole), range).stream()
            .map(state -> state.asset().table() + " " + state.partition())
            .toList();

    assertThat(read)
        .containsExactlyInAnyOrder(
            "daily_orders 2024-03-05",
            "daily_orders 2024-03-06",
            "hourly 2024-03-05T00",
            "hourly 2024-03-06T11",
            "monthly 2024-03",
            "whole all");
    assertThat(store().partitions(List.of(), range)).hasSize(7);
    assertThat(store().partitionsByAsset(List.of(ORDERS), range).get(ORDERS))
        .containsOnlyKeys("2024-03-05", "2024-03-06");
  }

  @Test
  default void talliesCountEachStatusOfTheKeysInTheRunOfOneGrain() {
    store()
        .putPartitions(
            List.of(
                RowCountStoreContract.withRows(
                    state(ORDERS, "2024-02-29", PartitionStatus.MATERIALIZED, "d", 1, at(1)), 99),
                RowCountStoreContract.withRows(
                    state(ORDERS, "2024-03-01", PartitionStatus.MATERIALIZED, "d", 1, at(1)), 10),
                RowCountStoreContract.withRows(
                    state(ORDERS, "2024-03-02", PartitionStatus.MATERIALIZED, "d", 3, at(2)), 20),
                RowCountStoreContract.withRows(
                    state(ORDERS, "2024-03-03", PartitionStatus.FAILED, "d", 2, at(5)), 5),
                RowCountStoreContract.withRows(
                    state(ORDERS, "2024-03-02T05", PartitionStatus.MATERIALIZED, "d", 9, at(9)), 7),
                RowCountStoreContract.withRows(
                    state(REVENUE, "all", PartitionStatus.MATERIALIZED, "d", 2, at(3)), 4)));

    List<PartitionTally> tallies =
        store()
            .tally(
                java.util.Map.of(
                    ORDERS, new PartitionTally.KeyRun("2024-03-01", "2024-03-03"),
                    REVENUE, new PartitionTally.KeyRun("all", "all")));

    assertThat(tallies)
        .containsExactlyInAnyOrder(
            new PartitionTally(ORDERS, PartitionStatus.MATERIALIZED, 2, 30, 1, 3, at(2)),
            new PartitionTally(ORDERS, PartitionStatus.FAILED, 1, 5, 2, 2, at(5)),
            new PartitionTally(REVENUE, PartitionStatus.MATERIALIZED, 1, 4, 2, 2, at(3)));
    assertThat(store().tally(java.util.Map.of())).isEmpty();
  }

  @Test
  default void failedAndUnpartitionedStatesAreReadAloneAndWallTimesAveraged() {
    PartitionState failed =
        withWall(state(ORDERS, "2024-03-02", PartitionStatus.FAILED, "d", 2, at(2)), 300);
    PartitionState whole = state(REVENUE, "all", PartitionStatus.MATERIALIZED, "d", 2, at(3));
    store()
        .putPartitions(
            List.of(
                withWall(materialized(ORDERS, "2024-03-01", 1), 100),
                failed,
                withWall(materialized(ORDERS, "2024-03-03", 1), 0),
                whole));

    assertThat(store().failedOrUnpartitioned()).containsExactlyInAnyOrder(failed, whole);
    assertThat(store().meanWallMillis(List.of(ORDERS, REVENUE, asset("none"))))
        .containsOnlyKeys(ORDERS, REVENUE)
        .containsEntry(ORDERS, 200.0);
    assertThat(store().meanWallMillis(List.of())).isEmpty();
  }

  private static PartitionState withWall(PartitionState state, long wallMillis) {
    return StateFixtures.withStatistics(state, new TaskStatistics(1, 0, wallMillis, 0, 0));
  }

  @Test
  default void thePartitionStatesGenerationChangesWithEveryWriteOfStatesAndNothingElse() {
    long start = store().partitionStatesGeneration();
    store().putPartitions(List.of(StateFixtures.materialized(ORDERS, "2024-03-01", 0)));
    long afterPut = store().partitionStatesGeneration();
    assertThat(afterPut).isNotEqualTo(start);
    io.tidemark.core.state.Run run = store().createRun(StateFixtures.newRun());
    long attempt = store().startAttempt(run.id(), ORDERS, "2024-03-02", 1, StateFixtures.at(1));
    store().partitions(List.of());
    assertThat(store().partitionStatesGeneration()).isEqualTo(afterPut);
    store()
        .finishAttempt(
            attempt,
            io.tidemark.core.state.TaskStatus.SUCCEEDED,
            StateFixtures.at(2),
            "",
            StateFixtures.STATISTICS,
            "data-2024-03-02",
            java.util.Optional.of(StateFixtures.materialized(ORDERS, "2024-03-02", run.id())));
    long afterAttempt = store().partitionStatesGeneration();
    assertThat(afterAttempt).isNotIn(start, afterPut);
    try (io.tidemark.core.state.StateStore other = openStore()) {
      other.recordIncident(
          StateFixtures.newIncident(ORDERS, StateFixtures.at(3), List.of("2024-03-01")),
          List.of(
              StateFixtures.state(
                  ORDERS,
                  "2024-03-01",
                  io.tidemark.core.state.PartitionStatus.INVALID,
                  "data-2024-03-01",
                  0,
                  StateFixtures.at(3))));
    }
    assertThat(store().partitionStatesGeneration()).isNotIn(start, afterPut, afterAttempt);
  }
}
