package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Young series: judged from their third point, in a band honest about how little is known. */
class ShortHistoryTest {
  private final Detector detector = DetectorType.SEASONAL.create(DetectorSettings.defaults());

  @Test
  void studentsQuantilesMatchTheTables() {
    // Two-sided 95%, 99% and 99.8% points of the usual tables.
    assertThat(ShortHistory.StudentT.upperQuantile(0.025, 1)).isCloseTo(12.706, within(1e-3));
    assertThat(ShortHistory.StudentT.upperQuantile(0.025, 2)).isCloseTo(4.303, within(1e-3));
    assertThat(ShortHistory.StudentT.upperQuantile(0.025, 5)).isCloseTo(2.571, within(1e-3));
    assertThat(ShortHistory.StudentT.upperQuantile(0.005, 10)).isCloseTo(3.169, within(1e-3));
    assertThat(ShortHistory.StudentT.upperQuantile(0.001, 3)).isCloseTo(10.215, within(1e-3));
    assertThat(ShortHistory.StudentT.upperQuantile(0.001, 30)).isCloseTo(3.385, within(1e-3));
  }

  @Test
  void aDailySeriesHalvedOnItsEleventhDayIsFlaggedWithWeekendsAndNoise() {
    for (double weekend : new double[] {0.4, 1, 1.25}) {
      for (long seed = 1; seed <= 10; seed++) {
        double[] values = TestSeries.daily(11).weekend(weekend).noise(0.05).seed(seed).values();
        values[10] = Math.round(values[10] * 0.5);

        Judgement eleventh = detector.judgeLast(TestSeries.daily(11).series(values));

        assertThat(eleventh.verdict())
            .as("weekend %s, seed %s", weekend, seed)
            .isEqualTo(Verdict.LOW);
        assertThat(eleventh.alert()).isTrue();
        assertThat(eleventh.expectedLow()).isGreaterThan(values[10]);
      }
    }
  }

  @Test
  void theSecondPartitionFivePercentLargerIsNotFlagged() {
    double[] values = {100_000, 105_000};

    Judgement second = detector.judgeLast(TestSeries.daily(2).series(values));

    assertThat(second.verdict()).isEqualTo(Verdict.NOT_JUDGED);
    assertThat(second.anomalous()).isFalse();
  }

  @Test
  void cleanYoungSeriesRaiseNoFlagAndTheBandNarrowsAsHistoryGrows() {
    for (double weekend : new double[] {0.4, 1, 1.25}) {
      for (long seed = 1; seed <= 10; seed++) {
        Series series = TestSeries.daily(14).weekend(weekend).noise(0.05).seed(seed).series();

        List<Judgement> judgements = detector.score(series);

        assertThat(judgements.subList(0, 3)).noneMatch(Judgement::judged);
        assertThat(judgements.subList(3, 14))
            .allMatch(Judgement::judged)
            .noneMatch(Judgement::anomalous);
      }
    }
    List<Judgement> flat = detector.score(TestSeries.daily(14).noise(0.05).series());
    // Weekdays only: Thursday (3 points), then the next Thursday (8 points).
    double early = flat.get(3).expectedHigh() / flat.get(3).expectedLow();
    double later = flat.get(10).expectedHigh() / flat.get(10).expectedLow();
    assertThat(later).isLessThan(early);
  }

  @Test
  void theFirstWeekendOfABusinessTableIsNotAnAnomalyButItsCollapseIs() {
    // Monday to Friday seen; Saturday at 40% of a weekday is within the allowance for the week.
    double[] values = TestSeries.daily(6).weekend(0.4).noise(0.03).values();
    assertThat(detector.judgeLast(TestSeries.daily(6).series(values)).anomalous()).isFalse();

    values[5] = Math.round(values[5] * 0.1);
    assertThat(detector.judgeLast(TestSeries.daily(6).series(values)).verdict())
        .isEqualTo(Verdict.LOW);
  }

  @Test
  void aLastingNewLevelIsLearntAfterThreePoints() {
    double[] values = TestSeries.daily(14).noise(0.03).values();
    for (int i = 6; i < 14; i++) {
      values[i] *= 0.5;
    }

    List<Judgement> judgements = detector.score(TestSeries.daily(14).series(values));

    assertThat(judgements.subList(6, 9)).allMatch(j -> j.verdict() == Verdict.LOW);
    assertThat(judgements.get(6).alert()).isTrue();
    assertThat(judgements.subList(9, 14)).noneMatch(Judgement::anomalous);
  }

  @Test
  void aDailySeriesTooShortToTestAWeekStaysInTheYoungBand() {
    // A table filling up by about the same number of rows a day: no period is found before three
    // weeks, and the young band, not a non-seasonal model, judges until then.
    double[] ramp = new double[20];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = 1_280 + 1_250 * i + (i % 3) * 20;
    }
    for (int days = ShortHistory.MINIMUM_HISTORY + 1; days <= ramp.length; days++) {
      Judgement last = detector.judgeLast(TestSeries.daily(days).series(Arrays.copyOf(ramp, days)));

      assertThat(last.judged()).isTrue();
      assertThat(last.anomalous()).as("day %s", days).isFalse();
    }
  }

  @Test
  void negativeValuesLeaveAYoungSeriesUnjudged() {
    double[] values = {5, -3, 4, 6, 5};

    List<Judgement> judgements =
        detector.score(
            Series.regular(SeriesKind.METRIC, TestSeries.MONDAY, Duration.ofDays(1), values));

    assertThat(judgements).noneMatch(Judgement::judged);
  }
}
