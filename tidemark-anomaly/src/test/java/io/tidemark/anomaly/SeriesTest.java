package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeriesTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void infiniteValuesAreRejectedButNaNMarksAMissingPoint() {
    assertThatThrownBy(
            () ->
                Series.regular(T0, Duration.ofDays(1), new double[] {1, Double.POSITIVE_INFINITY}))
        .hasMessageContaining("point 1: the value is infinite");

    Series series = Series.regular(T0, Duration.ofDays(1), new double[] {1, Double.NaN, 3});
    assertThat(series.value(1)).isNaN();
    assertThat(series.kind()).isEqualTo(SeriesKind.TABLE);
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
