package io.tidemark.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetBuilder;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.TaskStatistics;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowHistoryTest {
  private static PartitionState state(String partition, long rows, PartitionStatus status) {
    return new PartitionState(
        AssetName.parse("s.t"),
        partition,
        status,
        "v",
        "c",
        "i",
        new TaskStatistics(rows, 0, 0, 0, 0),
        1,
        Instant.EPOCH);
  }

  private static Asset asset(Grain grain) {
    return AssetBuilder.model("s.t").partitioned(grain).build();
  }

  @Test
  void partitionsWithoutACountAreMissingAndFailedWritesDoNotCount() {
    RowHistory history =
        RowHistory.of(
            asset(Grain.DAY),
            List.of(
                state("2024-01-03", 30, PartitionStatus.MATERIALIZED),
                state("2024-01-01", 10, PartitionStatus.MATERIALIZED),
                state("2024-01-02", 99, PartitionStatus.FAILED)));

    RowHistory.Series series = history.upTo(PartitionKey.parse(Grain.DAY, "2024-01-04"));

    assertThat(series.start()).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
    assertThat(series.values()).containsExactly(10, Double.NaN, 30, Double.NaN);
  }

  @Test
  void countsWrittenInARunReplaceStoredOnesAndCanComeBeforeThem() {
    RowHistory history =
        RowHistory.of(
                asset(Grain.HOUR), List.of(state("2024-01-01T05", 5, PartitionStatus.MATERIALIZED)))
            .put(PartitionKey.parse(Grain.HOUR, "2024-01-01T05"), 50)
            .put(PartitionKey.parse(Grain.HOUR, "2024-01-01T03"), 3);

    RowHistory.Series series = history.upTo(PartitionKey.parse(Grain.HOUR, "2024-01-01T05"));

    assertThat(series.start()).isEqualTo(LocalDateTime.of(2024, 1, 1, 3, 0));
    assertThat(series.values()).containsExactly(3, Double.NaN, 50);
    assertThat(history.upTo(PartitionKey.parse(Grain.HOUR, "2024-01-01T02"))).isNull();
  }

  @Test
  void epochDaysAgreeWithTheCalendar() {
    for (java.time.LocalDate day = java.time.LocalDate.of(1899, 12, 25);
        day.isBefore(java.time.LocalDate.of(2101, 3, 5));
        day = day.plusDays(1)) {
      assertThat(RowHistory.epochDay(day.getYear(), day.getMonthValue(), day.getDayOfMonth()))
          .as("%s", day)
          .isEqualTo(day.toEpochDay());
    }
  }

  @Test
  void monthsAreConsecutiveAcrossYears() {
    RowHistory history =
        RowHistory.of(
            asset(Grain.MONTH),
            List.of(
                state("2023-12", 12, PartitionStatus.MATERIALIZED),
                state("2024-02", 2, PartitionStatus.MATERIALIZED)));

    RowHistory.Series series = history.upTo(PartitionKey.parse(Grain.MONTH, "2024-02"));

    assertThat(series.start()).isEqualTo(LocalDateTime.of(2023, 12, 1, 0, 0));
    assertThat(series.values()).containsExactly(12, Double.NaN, 2);
  }
}
