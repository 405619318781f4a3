package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeriodFinderTest {
  @Test
  void aDailyCycleInFiveMinuteDataIs288() {
    Series series = TestSeries.fiveMinutes(288 * 5).dailySwing(0.5).noise(0.05).series();

    assertThat(PeriodFinder.find(series)).isEqualTo(288);
  }

  @Test
  void aWeekOfFiveMinuteDataWithQuietWeekendsIs2016() {
    Series series =
        TestSeries.fiveMinutes(2016 * 4).dailySwing(0.5).weekend(0.5).noise(0.05).series();

    assertThat(PeriodFinder.find(series)).isEqualTo(2016);
  }

  @Test
  void aDailyCycleInHourlyDataIs24() {
    Series series = TestSeries.hourly(24 * 30).dailySwing(0.6).noise(0.05).growth(0.2).series();

    assertThat(PeriodFinder.find(series)).isEqualTo(24);
  }

  @Test
  void hourlyDataWhoseDaysFollowAWeeklyCycleIs168() {
    Series series = TestSeries.hourly(24 * 60).dailySwing(0.6).weekend(0.5).series();

    assertThat(PeriodFinder.find(series)).isEqualTo(168);
  }

  @Test
  void aWeeklyCycleInDailyDataIs7() {
    Series series = TestSeries.daily(365).weekend(0.6).growth(0.5).series();

    assertThat(PeriodFinder.find(series)).isEqualTo(7);
  }

  @Test
  void aFewAnomaliesDoNotHideTheCycle() {
    double[] values = TestSeries.daily(120).weekend(0.6).values();
    values[30] = 0;
    values[50] *= 20;
    values[70] = Double.NaN;

    assertThat(PeriodFinder.find(TestSeries.daily(120).series(values))).isEqualTo(7);
  }

  @Test
  void noiseHasNoPeriod() {
    assertThat(PeriodFinder.find(TestSeries.daily(365).noise(0.05).series())).isEqualTo(1);
    assertThat(PeriodFinder.find(TestSeries.hourly(24 * 30).noise(0.05).series())).isEqualTo(1);
  }

  @Test
  void aCycleNeedsThreeRepetitionsToBeConsidered() {
    assertThat(PeriodFinder.find(TestSeries.daily(20).weekend(0.5).series())).isEqualTo(1);
    assertThat(PeriodFinder.find(TestSeries.daily(21).weekend(0.5).series())).isEqualTo(7);
  }

  @Test
  void stepsThatDoNotDivideADayAreScannedLagByLag() {
    // Weekly points with a cycle of 4.
    double[] values = new double[120];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1000 * (i % 4 == 0 ? 1.5 : 1) * (1 + 0.02 * Math.sin(i * 1.7));
    }
    Series series = Series.regular(TestSeries.MONDAY, Duration.ofDays(7), values);

    assertThat(PeriodFinder.calendarCandidates(Duration.ofDays(7), 120)).isNull();
    assertThat(PeriodFinder.find(series)).isEqualTo(4);
  }

  @Test
  void calendarCandidatesAreADayAndAWeek() {
    assertThat(PeriodFinder.calendarCandidates(Duration.ofMinutes(5), 100_000))
        .containsExactly(288, 2016);
    assertThat(PeriodFinder.calendarCandidates(Duration.ofHours(1), 24 * 90))
        .containsExactly(24, 168);
    assertThat(PeriodFinder.calendarCandidates(Duration.ofDays(1), 730)).containsExactly(7);
  }
}
