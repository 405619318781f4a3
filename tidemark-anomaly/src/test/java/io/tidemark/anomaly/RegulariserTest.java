package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegulariserTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private static Instant minutes(double count) {
    return T0.plusMillis(Math.round(count * 60_000));
  }

  @Test
  void aRegularSeriesIsTakenAsItIs() {
    Regulariser points = new Regulariser(SeriesKind.TABLE);
    for (int day = 0; day < 10; day++) {
      points.add(T0.plus(Duration.ofDays(day)), 100 + day);
    }

    Regularised regularised = points.build();

    assertThat(regularised.report().untouched()).isTrue();
    assertThat(regularised.report().describe()).isEqualTo("regular, nothing to regularise");
    assertThat(regularised.series().step()).isEqualTo(Duration.ofDays(1));
    assertThat(regularised.series().values())
        .containsExactly(100, 101, 102, 103, 104, 105, 106, 107, 108, 109);
    assertThat(regularised.source(3)).isEqualTo(3);
    assertThat(regularised.series().kind()).isEqualTo(SeriesKind.TABLE);
  }

  @Test
  void pointsOutOfOrderAreSortedAndTheLastValueReadForATimestampWins() {
    Regulariser points = new Regulariser(SeriesKind.METRIC);
    points.add(minutes(0), 1).add(minutes(10), 3).add(minutes(5), 2); // late
    points.add(minutes(15), 40).add(minutes(15), 4); // a reload replaces the first load
    points.add(minutes(20), 5).add(minutes(20), Double.NaN); // a failed reread keeps the value

    Regularised regularised = points.build();

    assertThat(regularised.series().values()).containsExactly(1, 2, 3, 4, 5);
    assertThat(regularised.report().outOfOrder()).isEqualTo(1);
    assertThat(regularised.report().duplicates()).isEqualTo(2);
    assertThat(regularised.report().nonFinite()).isEqualTo(1);
    assertThat(regularised.report().missing()).isZero();
    assertThat(regularised.source(1)).isEqualTo(2);
    assertThat(regularised.source(3)).isEqualTo(4);
  }

  @Test
  void missingStepsAndNonFiniteValuesAreMissingPoints() {
    Regulariser points = new Regulariser(SeriesKind.METRIC);
    for (int i = 0; i < 30; i++) {
      if (i == 7 || i == 8) {
        continue;
      }
      points.add(minutes(5 * i), i == 12 ? Double.NaN : i == 13 ? Double.POSITIVE_INFINITY : i);
    }

    Regularised regularised = points.build();
    double[] values = regularised.series().values();

    assertThat(values).hasSize(30);
    assertThat(values[7]).isNaN();
    assertThat(values[8]).isNaN();
    assertThat(values[12]).isNaN();
    assertThat(values[13]).isNaN();
    assertThat(values[14]).isEqualTo(14);
    assertThat(regularised.source(7)).isEqualTo(-1);
    assertThat(regularised.report().missing()).isEqualTo(4);
    assertThat(regularised.report().nonFinite()).isEqualTo(2);
    assertThat(regularised.report().describe())
        .isEqualTo("2 empty or non-finite values (taken as missing); 4 missing points");
  }

  @Test
  void jitteringTimestampsGoToTheNearestRoundStepAndPointsMeetingOnAStepAreAveraged() {
    Regulariser points = new Regulariser(SeriesKind.METRIC);
    double[] offsets = {0, 10.3, 19.6, 30.4, 39.8, 41.2, 50.1, 59.7, 70.2, 80.6, 89.9};
    for (int i = 0; i < offsets.length; i++) {
      points.add(minutes(offsets[i]), i);
    }

    Regularised regularised = points.build();
    double[] values = regularised.series().values();

    assertThat(regularised.series().step()).isEqualTo(Duration.ofMinutes(10));
    assertThat(values).hasSize(10);
    assertThat(values[4]).isEqualTo(4.5); // 39.8 and 41.2 both nearest to 40
    assertThat(values[9]).isEqualTo(10);
    assertThat(regularised.report().offGrid()).isEqualTo(10);
    assertThat(regularised.report().merged()).isEqualTo(1);
    assertThat(regularised.source(0)).isZero();
    assertThat(regularised.source(1)).isEqualTo(-1);
  }

  @Test
  void theGridFollowsThePhaseMostPointsShare() {
    Regulariser points = new Regulariser(SeriesKind.METRIC);
    points.add(minutes(0.5), 0); // the first point is off the phase of the others
    for (int i = 1; i < 10; i++) {
      points.add(minutes(5 * i), i);
    }

    Regularised regularised = points.build();

    assertThat(regularised.series().start()).isEqualTo(T0);
    assertThat(regularised.series().values()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(regularised.report().offGrid()).isEqualTo(1);
  }

  @Test
  void aChangedStepIsReportedWhereItBegan() {
    Regulariser points = new Regulariser(SeriesKind.METRIC);
    Instant time = T0;
    for (int i = 0; i < 100; i++) {
      points.add(time, 10);
      time = time.plus(Duration.ofMinutes(i < 60 ? 5 : 60));
    }

    Regularised regularised = points.build();

    assertThat(regularised.series().step()).isEqualTo(Duration.ofMinutes(5));
    assertThat(regularised.report().stepChanges())
        .containsExactly(
            new Regularisation.StepChange(
                T0.plus(Duration.ofMinutes(300)), Duration.ofMinutes(5), Duration.ofHours(1)));
    assertThat(regularised.report().missing()).isEqualTo(39 * 11);
    assertThat(regularised.report().describe())
        .contains("points 1 hour apart from 2024-01-01T05:00:00Z (was 5 minutes)");
  }

  @Test
  void aSingleTimestampHasNoStep() {
    Regulariser points = new Regulariser(SeriesKind.METRIC).add(T0, 1).add(T0, 2);

    assertThatThrownBy(points::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two different times at least");
  }

  @Test
  void pointsSpanningTooManyStepsAreRefused() {
    Regulariser points = new Regulariser(SeriesKind.METRIC);
    points.add(T0, 1).add(T0.plusSeconds(1), 2).add(T0.plusSeconds(2), 3);
    points.add(T0.plus(Duration.ofDays(3650)), 4);

    assertThatThrownBy(points::build)
        .hasMessageContaining("at a step of 1 second is")
        .hasMessageContaining("more than 50000000");
  }
}
