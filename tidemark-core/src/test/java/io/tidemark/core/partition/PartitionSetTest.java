package io.tidemark.core.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PartitionSetTest {
  private static PartitionSet days(String first, String last) {
    return PartitionSet.overlapping(
        Grain.DAY, TimeRange.ofDays(LocalDate.parse(first), LocalDate.parse(last)));
  }

  @Test
  void adjacentAndOverlappingSpansMergeIntoOne() {
    PartitionSet set = days("2024-01-01", "2024-01-03").union(days("2024-01-04", "2024-01-05"));

    assertThat(set.spans()).hasSize(1);
    assertThat(set.describe()).isEqualTo("2024-01-01..2024-01-05");
    assertThat(set.size()).isEqualTo(5);
  }

  @Test
  void spansAreWidenedToWholePartitions() {
    PartitionSet set =
        PartitionSet.overlapping(
            Grain.MONTH,
            new TimeRange(LocalDateTime.of(2024, 1, 20, 0, 0), LocalDateTime.of(2024, 2, 2, 0, 0)));

    assertThat(set.describe()).isEqualTo("2024-01..2024-02");
  }

  @Test
  void setAlgebraAgreesWithSetsOfKeys() {
    Random random = new Random(11);
    for (int round = 0; round < 200; round++) {
      List<PartitionKey> a = randomKeys(random);
      List<PartitionKey> b = randomKeys(random);
      PartitionSet setA = PartitionSet.of(Grain.DAY, a);
      PartitionSet setB = PartitionSet.of(Grain.DAY, b);

      TreeSet<PartitionKey> union = new TreeSet<>(a);
      union.addAll(b);
      TreeSet<PartitionKey> intersection = new TreeSet<>(a);
      intersection.retainAll(b);
      TreeSet<PartitionKey> difference = new TreeSet<>(a);
      difference.removeAll(b);

      assertThat(setA.union(setB).keys()).containsExactlyElementsOf(union);
      assertThat(setA.intersect(setB).keys()).containsExactlyElementsOf(intersection);
      assertThat(setA.minus(setB).keys()).containsExactlyElementsOf(difference);
      assertThat(setA.union(setB).size()).isEqualTo(union.size());
      assertThat(setA.describe()).isEqualTo(PartitionRanges.describe(a));
    }
  }

  private static List<PartitionKey> randomKeys(Random random) {
    List<PartitionKey> keys = new ArrayList<>();
    PartitionKey first = PartitionKey.day(LocalDate.of(2024, 1, 1));
    for (int i = 0; i < 40; i++) {
      if (random.nextInt(3) == 0) {
        keys.add(first.plus(i));
      }
    }
    return keys;
  }

  @Test
  void theUnpartitionedSetHoldsOnlyAll() {
    PartitionSet set = PartitionSet.of(Grain.ALL, List.of(PartitionKey.ALL));

    assertThat(set.keys()).containsExactly(PartitionKey.ALL);
    assertThat(set.contains(PartitionKey.ALL)).isTrue();
    assertThat(set.size()).isEqualTo(1);
    assertThat(set.describe()).isEqualTo("all");
  }
}
