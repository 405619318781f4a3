package io.tidemark.core.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeRangeTest {
  private static LocalDateTime at(String text) {
    return LocalDateTime.parse(text);
  }

  private static List<String> keys(List<PartitionKey> partitions) {
    return partitions.stream().map(PartitionKey::toString).toList();
  }

  @Test
  void ofDaysIncludesBothDays() {
    TimeRange range = TimeRange.ofDays(LocalDate.of(2024, 1, 30), LocalDate.of(2024, 2, 2));

    assertThat(range.start()).isEqualTo(at("2024-01-30T00:00"));
    assertThat(range.end()).isEqualTo(at("2024-02-03T00:00"));
    assertThat(keys(range.partitionsInside(Grain.DAY)))
        .containsExactly("2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02");
  }

  @Test
  void partitionsInsideLeavesOutPartitionsCutByTheRange() {
    TimeRange range = new TimeRange(at("2024-01-15T00:00"), at("2024-04-10T00:00"));

    assertThat(keys(range.partitionsInside(Grain.MONTH))).containsExactly("2024-02", "2024-03");
  }

  @Test
  void partitionsOverlappingIncludesPartitionsCutByTheRange() {
    TimeRange range = new TimeRange(at("2024-01-15T00:00"), at("2024-04-10T00:00"));

    assertThat(keys(range.partitionsOverlapping(Grain.MONTH)))
        .containsExactly("2024-01", "2024-02", "2024-03", "2024-04");
  }

  @Test
  void anAlignedRangeHasTheSamePartitionsInsideAndOverlapping() {
    TimeRange range = new TimeRange(at("2024-01-01T22:00"), at("2024-01-02T02:00"));

    assertThat(keys(range.partitionsInside(Grain.HOUR)))
        .containsExactly("2024-01-01T22", "2024-01-01T23", "2024-01-02T00", "2024-01-02T01");
    assertThat(range.partitionsOverlapping(Grain.HOUR))
        .isEqualTo(range.partitionsInside(Grain.HOUR));
  }

  @Test
  void aRangeShorterThanAPartitionHasNoneInsideButOneOverlapping() {
    TimeRange range = new TimeRange(at("2024-01-05T06:00"), at("2024-01-05T18:00"));

    assertThat(range.partitionsInside(Grain.DAY)).isEmpty();
    assertThat(keys(range.partitionsOverlapping(Grain.DAY))).containsExactly("2024-01-05");
  }

  @Test
  void anEmptyRangeHasNoPartitions() {
    TimeRange empty = new TimeRange(at("2024-01-05T06:00"), at("2024-01-05T06:00"));

    assertThat(empty.isEmpty()).isTrue();
    for (Grain grain : List.of(Grain.HOUR, Grain.DAY, Grain.MONTH)) {
      assertThat(empty.partitionsInside(grain)).as("%s inside", grain).isEmpty();
      assertThat(empty.partitionsOverlapping(grain)).as("%s overlapping", grain).isEmpty();
    }
  }

  @Test
  void everyRangeHasTheSingleUnpartitionedPartition() {
    TimeRange empty = new TimeRange(at("2024-01-05T06:00"), at("2024-01-05T06:00"));

    assertThat(empty.partitionsInside(Grain.ALL)).containsExactly(PartitionKey.ALL);
    assertThat(empty.partitionsOverlapping(Grain.ALL)).containsExactly(PartitionKey.ALL);
  }

  @Test
  void monthsHaveTheirCalendarNumberOfDays() {
    assertThat(daysIn("2023-02")).isEqualTo(28);
    assertThat(daysIn("2024-02")).isEqualTo(29);
    assertThat(daysIn("2024-04")).isEqualTo(30);
    assertThat(daysIn("2024-12")).isEqualTo(31);
  }

  private static int daysIn(String month) {
    PartitionKey key = PartitionKey.parse(Grain.MONTH, month);
    return new TimeRange(key.start(), key.end()).partitionsInside(Grain.DAY).size();
  }

  @Test
  void anEndBeforeTheStartIsRejected() {
    assertThatThrownBy(() -> new TimeRange(at("2024-01-02T00:00"), at("2024-01-01T00:00")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is before its start");
  }

  @Test
  void intersectKeepsTheCommonSpan() {
    TimeRange a = TimeRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 10));
    TimeRange b = TimeRange.ofDays(LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 20));

    assertThat(a.intersect(b))
        .isEqualTo(TimeRange.ofDays(LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 10)));
    assertThat(b.intersect(a)).isEqualTo(a.intersect(b));
  }

  @Test
  void disjointRangesIntersectInAnEmptyRange() {
    TimeRange a = TimeRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 10));
    TimeRange b = TimeRange.ofDays(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 10));

    assertThat(a.intersect(b).isEmpty()).isTrue();
    assertThat(a.intersect(b).partitionsOverlapping(Grain.DAY)).isEmpty();
  }

  @Test
  void containsAndOverlapsUseHalfOpenBounds() {
    TimeRange range = TimeRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));

    assertThat(range.contains(PartitionKey.parse(Grain.MONTH, "2024-01"))).isTrue();
    assertThat(range.contains(PartitionKey.parse(Grain.DAY, "2024-02-01"))).isFalse();
    assertThat(range.overlaps(at("2024-02-01T00:00"), at("2024-02-02T00:00"))).isFalse();
    assertThat(range.overlaps(at("2024-01-31T23:00"), at("2024-02-02T00:00"))).isTrue();
  }
}
