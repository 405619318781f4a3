package io.tidemark.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetBuilder;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionIndex;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.state.StateStore;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class RowHistoryTest {
  private static Asset asset(Grain grain) {
    return AssetBuilder.model("s.t").partitioned(grain).build();
  }

  private static PartitionKey key(Grain grain, String text) {
    return PartitionKey.parse(grain, text);
  }

  @Test
  void partitionsWithoutACountAreMissing() {
    RowHistory history =
        RowHistory.empty(asset(Grain.DAY))
            .put(key(Grain.DAY, "2024-01-03"), 30)
            .put(key(Grain.DAY, "2024-01-01"), 10);

    RowHistory.Series series = history.upTo(key(Grain.DAY, "2024-01-04"));

    assertThat(series.start()).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
    assertThat(series.values()).containsExactly(10, Double.NaN, 30, Double.NaN);
  }

  @Test
  void countsWrittenInARunReplaceStoredOnesAndCanComeBeforeThem() {
    RowHistory stored =
        RowHistory.empty(asset(Grain.HOUR)).put(key(Grain.HOUR, "2024-01-01T05"), 5);
    RowHistory history =
        stored
            .copy()
            .put(key(Grain.HOUR, "2024-01-01T05"), 50)
            .put(key(Grain.HOUR, "2024-01-01T03"), 3);

    RowHistory.Series series = history.upTo(key(Grain.HOUR, "2024-01-01T05"));

    assertThat(series.start()).isEqualTo(LocalDateTime.of(2024, 1, 1, 3, 0));
    assertThat(series.values()).containsExactly(3, Double.NaN, 50);
    assertThat(history.upTo(key(Grain.HOUR, "2024-01-01T02"))).isNull();
    assertThat(stored.upTo(key(Grain.HOUR, "2024-01-01T05")).values())
        .as("the copy is independent")
        .containsExactly(5);
  }

  @Test
  void monthsAreConsecutiveAcrossYears() {
    RowHistory history =
        RowHistory.empty(asset(Grain.MONTH))
            .put(key(Grain.MONTH, "2023-12"), 12)
            .put(key(Grain.MONTH, "2024-02"), 2);

    RowHistory.Series series = history.upTo(key(Grain.MONTH, "2024-02"));

    assertThat(series.start()).isEqualTo(LocalDateTime.of(2023, 12, 1, 0, 0));
    assertThat(series.values()).containsExactly(12, Double.NaN, 2);
  }

  @Test
  void packedCountsFillTheHistoryInWhateverOrderTheyComeAndOtherGrainsAreIgnored() {
    long jan1 = PartitionIndex.of(Grain.DAY, "2024-01-01");
    long none = StateStore.NO_COUNT;
    RowHistory history =
        RowHistory.empty(asset(Grain.DAY))
            // The newer run first, as a store may stream them.
            .putCounts(Grain.DAY, jan1 + 4, new long[] {none, 60, none, 80, none})
            .putCounts(Grain.DAY, jan1, new long[] {none, 20, none, 40})
            .putCounts(Grain.HOUR, jan1 * 24, new long[] {1_000_000})
            .putCounts(Grain.DAY, jan1 + 20, new long[] {none, none});

    RowHistory.Series series = history.upTo(PartitionKey.parse(Grain.DAY, "2024-01-09"));

    assertThat(series.start()).isEqualTo(LocalDateTime.of(2024, 1, 2, 0, 0));
    assertThat(series.values())
        .containsExactly(20, Double.NaN, 40, Double.NaN, 60, Double.NaN, 80, Double.NaN);
    assertThat(history.upTo(PartitionKey.parse(Grain.DAY, "2024-01-01"))).isNull();
  }

  @Test
  void aLongRunOfPackedCountsReadNewestFirstIsHeldWhole() {
    RowHistory history = RowHistory.empty(asset(Grain.DAY));
    long first = PartitionIndex.of(Grain.DAY, "2023-01-01");
    for (int chunk = 3; chunk >= 0; chunk--) {
      long[] counts = new long[256];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = chunk * 256L + i + 1;
      }
      history.putCounts(Grain.DAY, first + chunk * 256L, counts);
    }

    double[] values =
        history
            .upTo(PartitionKey.of(Grain.DAY, PartitionIndex.start(Grain.DAY, first + 1023)))
            .values();

    assertThat(values).hasSize(1024);
    for (int i = 0; i < values.length; i++) {
      assertThat(values[i]).isEqualTo(i + 1);
    }
  }
}
