package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResidualWindowTest {
  @Test
  void medianAndSpreadMatchASortOfTheLastErrorsAtEveryStep() {
    Random random = new Random(3);
    for (int capacity : new int[] {1, 2, 7, 28, 256}) {
      ResidualWindow window = new ResidualWindow(capacity);
      ArrayDeque<Double> last = new ArrayDeque<>();
      for (int i = 0; i < 2_000; i++) {
        // Rounded values give ties, which the sorted copy must keep right; every 300 errors the
        // spread and the centre jump, which moves the median deviation far at once.
        double scale = 1 + (i / 300) % 3 * 25;
        double centre = (i / 300) % 2 == 0 ? 0 : 40;
        double error = Math.round(random.nextGaussian() * 20 * scale) / 10.0 + centre;
        window.add(error);
        last.addLast(error);
        if (last.size() > capacity) {
          last.removeFirst();
        }
        double[] sorted = last.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = median(sorted);
        double[] deviations =
            Arrays.stream(sorted).map(v -> Math.abs(v - median)).sorted().toArray();

        assertThat(window.median()).isCloseTo(median, within(1e-12));
        assertThat(window.sigma()).isCloseTo(1.4826 * median(deviations), within(1e-12));
      }
    }
  }

  @Test
  void notANumberIsIgnored() {
    ResidualWindow window = new ResidualWindow(4);
    window.add(1);
    window.add(Double.NaN);

    assertThat(window.size()).isEqualTo(1);
    assertThat(window.ready()).isFalse();
  }

  private static double median(double[] sorted) {
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
