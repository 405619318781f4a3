package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private static Instant day(int n) {
    return T0.plus(Duration.ofDays(n));
  }

  @Test
  void theStepIsTheDistanceBetweenTheFirstTwoPoints() {
    Series series = Series.of(List.of(day(0), day(1), day(2)), new double[] {1, 2, 3});

    assertThat(series.step()).isEqualTo(Duration.ofDays(1));
    assertThat(series.timestamp(2)).isEqualTo(day(2));
    assertThat(series.size()).isEqualTo(3);
  }

  @Test
  void aTimestampNotAfterThePreviousOneIsAnErrorNamingThePoint() {
    assertThatThrownBy(() -> Series.of(List.of(day(0), day(1), day(1)), new double[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("point 2")
        .hasMessageContaining("is not after the previous one");
  }

  @Test
  void aGapIsAnIrregularStepThatCountsTheMissingPoints() {
    assertThatThrownBy(() -> Series.of(List.of(day(0), day(1), day(4)), new double[] {1, 2, 3}))
        .hasMessageContaining("point 2")
        .hasMessageContaining("irregular series: 3 days after the previous point")
        .hasMessageContaining("the step is 1 day: 2 points missing");
  }

  @Test
  void aStepThatIsNoMultipleIsIrregularToo() {
    assertThatThrownBy(
            () ->
                Series.of(
                    List.of(day(0), day(1), day(2).plus(Duration.ofHours(3))),
                    new double[] {1, 2, 3}))
        .hasMessageContaining("irregular series: 27 hours after the previous point")
        .hasMessageNotContaining("missing");
  }

  @Test
  void infiniteValuesAreRejectedButNaNMarksAMissingPoint() {
    assertThatThrownBy(
            () ->
                Series.regular(T0, Duration.ofDays(1), new double[] {1, Double.POSITIVE_INFINITY}))
        .hasMessageContaining("point 1: the value is infinite");

    Series series = Series.regular(T0, Duration.ofDays(1), new double[] {1, Double.NaN, 3});
    assertThat(series.value(1)).isNaN();
  }

  @Test
  void theHeadIsAPrefixAndValuesAreCopies() {
    double[] values = {1, 2, 3, 4};
    Series series = Series.regular(T0, Duration.ofHours(1), values);
    values[0] = 99;

    assertThat(series.value(0)).isEqualTo(1);
    assertThat(series.head(2).values()).containsExactly(1, 2);
    assertThat(series.head(4)).isSameAs(series);
  }
}
