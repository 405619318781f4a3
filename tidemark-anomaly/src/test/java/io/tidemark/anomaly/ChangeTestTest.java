package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChangeTestTest {
  /**
   * The index of the first alarm while adding {@code score} and {@code score / 6} in turn (errors
   * to one side that are not one constant), or -1 within n points.
   */
  private static int firstAlarm(ChangeTest test, double score, int n) {
    for (int i = 0; i < n; i++) {
      if (test.add(i % 2 == 0 ? score : score / 6) != 0) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aDailySlideAlarmsAsSoonAsItsSumPassesTheLimit() {
    ChangeTest test = new ChangeTest(Duration.ofDays(1));
    assertThat(firstAlarm(test, -3, 30)).isBetween(4, 10);
  }

  @Test
  void aFiveMinuteMetricMustStrayForThreeDays() {
    assertThat(ChangeTest.sustainedPoints(Duration.ofMinutes(5))).isEqualTo(864);
    assertThat(ChangeTest.sustainedPoints(Duration.ofHours(1))).isEqualTo(72);
    assertThat(ChangeTest.sustainedPoints(Duration.ofDays(1))).isEqualTo(3);
    assertThat(ChangeTest.sustainedPoints(Duration.ofDays(7))).isEqualTo(1);

    ChangeTest test = new ChangeTest(Duration.ofMinutes(5));
    // Two hours to one side is wander: no alarm, though the sum is far past the limit.
    assertThat(firstAlarm(test, 3, 24)).isEqualTo(-1);
    // Going on for three days, it is a slide.
    assertThat(firstAlarm(test, 3, 2000)).isEqualTo(864 - 24 - 1);
  }

  @Test
  void aFewLargeErrorsAmongManySmallOnesTheOtherWayAreNoSlide() {
    ChangeTest test = new ChangeTest(Duration.ofDays(1));
    int alarms = 0;
    // Two points in three slightly low, one in three far high: the upper sum grows, but only a
    // third of its scores agree with it.
    for (int i = 0; i < 300; i++) {
      alarms += Math.abs(test.add(i % 3 == 2 ? 3 : -0.2));
    }
    assertThat(alarms).isZero();

    ChangeTest agreeing = new ChangeTest(Duration.ofDays(1));
    int agreeingAlarms = 0;
    for (int i = 0; i < 300; i++) {
      agreeingAlarms += Math.abs(agreeing.add(i % 4 == 3 ? -0.2 : 1.5));
    }
    assertThat(agreeingAlarms).isPositive();
  }
}
