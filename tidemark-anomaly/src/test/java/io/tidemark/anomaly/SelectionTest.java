package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelectionTest {
  @Test
  void medianMatchesASort() {
    Random random = new Random(5);
    for (int size = 1; size < 40; size++) {
      double[] values = random.doubles(size).map(v -> Math.round(v * 10)).toArray();
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      double expected =
          size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2;

      assertThat(Selection.median(values, size)).isEqualTo(expected);
    }
  }

  @Test
  void middleMeanDropsAQuarterOnEachSide() {
    Random random = new Random(7);
    for (int size = 4; size <= 16; size++) {
      double[] values = random.doubles(size).toArray();
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      int drop = size / 4;
      double expected = Arrays.stream(sorted, drop, size - drop).average().orElseThrow();

      assertThat(Selection.middleMean(values, size)).isCloseTo(expected, within(1e-12));
    }
    assertThat(Selection.middleMean(new double[] {1, 100, 2}, 3)).isEqualTo(2);
  }
}
