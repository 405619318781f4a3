package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The default detector, with zero configuration unless a test says otherwise. */
class SeasonalDetectorTest {
  private static final Detector DEFAULT = DetectorType.SEASONAL.create(DetectorSettings.defaults());

  /** Two years of daily counts with business weekends and 40% growth. */
  private static TestSeries businessDays() {
    return TestSeries.daily(730).weekend(0.5).growth(0.4).noise(0.05);
  }

  private static List<Integer> anomalies(List<Judgement> judgements) {
    return IntStream.range(0, judgements.size())
        .filter(i -> judgements.get(i).anomalous())
        .boxed()
        .toList();
  }

  /**
   * What the detector flags in {@code changed} from point {@code from} on, less what it flags in
   * the unchanged series there (noise alone, at most 1% of the points): what the change caused.
   */
  private static List<Integer> flaggedBecauseOfTheChange(
      TestSeries series, double[] changed, int from) {
    List<Integer> before = anomalies(DEFAULT.score(series.series()));
    List<Integer> after = anomalies(DEFAULT.score(series.series(changed)));
    assertThat(before.size()).isLessThanOrEqualTo(changed.length / 100);
    return after.stream().filter(i -> i >= from && !before.contains(i)).toList();
  }

  @Test
  void raisesFewFalseAlarmsOnACleanSeasonalSeriesWithTrend() {
    int alarms = 0;
    int judged = 0;
    for (long seed = 1; seed <= 10; seed++) {
      List<Judgement> judgements = DEFAULT.score(businessDays().seed(seed).series());
      judged += (int) judgements.stream().filter(Judgement::judged).count();
      alarms += anomalies(judgements).size();
    }

    assertThat(judged).isGreaterThan(7_000);
    // The target: false alarms on at most 1% of normal points; 5% Gaussian noise gives ~0.3%.
    assertThat(alarms).isLessThanOrEqualTo(judged / 200);
  }

  @Test
  void findsPlantedSpikesDropsAndZeroLoadsInASeasonalSeries() {
    double[] values = businessDays().values();
    values[200] *= 1.6; // a Tuesday spike
    values[305] *= 0.5; // a Saturday drop, on an already low weekend
    values[411] = 0; // an empty load
    values[500] *= 2; // a duplicated load
    values[633] *= 0.6;

    List<Judgement> judgements = DEFAULT.score(businessDays().series(values));

    assertThat(flaggedBecauseOfTheChange(businessDays(), values, 0))
        .containsExactly(200, 305, 411, 500, 633);
    assertThat(judgements.get(200).verdict()).isEqualTo(Verdict.HIGH);
    assertThat(judgements.get(305).verdict()).isEqualTo(Verdict.LOW);
    assertThat(judgements.get(411).verdict()).isEqualTo(Verdict.ZERO);
    assertThat(judgements.get(200).value()).isGreaterThan(judgements.get(200).expectedHigh());
  }

  @Test
  void findsSpikesInHourlyDataWithDailyAndWeeklyCycles() {
    TestSeries hours = TestSeries.hourly(60 * 24).weekend(0.6).dailySwing(0.6);
    double[] values = hours.values();
    int mondayNoon = 35 * 24 + 12;
    int saturdayNight = 40 * 24 + 3;
    values[mondayNoon] *= 0.55;
    values[saturdayNight] *= 1.8;

    assertThat(flaggedBecauseOfTheChange(hours, values, 0))
        .containsExactly(mondayNoon, saturdayNight);
  }

  @Test
  void excludingAnEarlierAnomalyKeepsTheNextJudgementsSane() {
    double[] clean = businessDays().values();
    double[] spiked = clean.clone();
    spiked[400] *= 10;

    List<Judgement> withSpike = DEFAULT.score(businessDays().series(spiked));
    List<Judgement> without = DEFAULT.score(businessDays().series(clean));

    assertThat(withSpike.get(400).anomalous()).isTrue();
    // The same weekday a week later expects what it would have without the spike.
    for (int later : new int[] {401, 407, 414}) {
      Judgement judgement = withSpike.get(later);
      assertThat(judgement.anomalous()).isFalse();
      assertThat(judgement.expectedHigh())
          .isCloseTo(
              without.get(later).expectedHigh(),
              org.assertj.core.data.Percentage.withPercentage(5));
    }
  }

  @Test
  void beforeTheMinimumHistoryOnlyTheYoungBandJudgesAndZeroAndMissingAreAlwaysFlagged() {
    double[] values = businessDays().values();
    values[3] = 0;
    values[5] = Double.NaN;
    values[10] *= 5;
    Detector detector =
        DetectorType.SEASONAL.create(DetectorSettings.defaults().withMinimumHistory(30));

    List<Judgement> judgements = detector.score(businessDays().series(values));

    assertThat(detector.minimumHistory(7)).isEqualTo(30);
    assertThat(judgements.get(3).verdict()).isEqualTo(Verdict.ZERO);
    assertThat(judgements.get(5).verdict()).isEqualTo(Verdict.MISSING);
    assertThat(judgements.subList(0, ShortHistory.MINIMUM_HISTORY))
        .allSatisfy(j -> assertThat(j.verdict()).isEqualTo(Verdict.NOT_JUDGED));
    // Seven points of history (the zero and the missing one are not history): the young band.
    assertThat(judgements.get(10).verdict()).isEqualTo(Verdict.HIGH);
    assertThat(judgements.get(10).expectedHigh()).isLessThan(values[10]);
    assertThat(judgements.subList(ShortHistory.MINIMUM_HISTORY, 40))
        .allSatisfy(j -> assertThat(j.judged()).isTrue());
  }

  @Test
  void theModelsOwnNeedRaisesTheMinimumHistory() {
    Detector detector =
        DetectorType.SEASONAL.create(DetectorSettings.defaults().withMinimumHistory(1));

    assertThat(detector.minimumHistory(7)).isEqualTo(7 + 1 + ResidualWindow.MINIMUM);
    assertThat(detector.minimumHistory(168)).isGreaterThan(168);
  }

  @Test
  void directionChoosesWhatIsReportedButBothSidesAreExcludedFromLearning() {
    double[] values = businessDays().values();
    values[300] *= 0.4;
    values[310] *= 1.8;
    Series series = businessDays().series(values);
    Detector up =
        DetectorType.SEASONAL.create(DetectorSettings.defaults().withDirection(Direction.UP));
    Detector down =
        DetectorType.SEASONAL.create(DetectorSettings.defaults().withDirection(Direction.DOWN));

    List<Judgement> upJudgements = up.score(series);
    List<Judgement> downJudgements = down.score(series);
    List<Judgement> both = DEFAULT.score(series);

    assertThat(upJudgements.get(300).verdict()).isEqualTo(Verdict.NORMAL);
    assertThat(upJudgements.get(300).score()).isLessThan(-DetectorSettings.DEFAULT_SENSITIVITY);
    assertThat(upJudgements.get(310).verdict()).isEqualTo(Verdict.HIGH);
    assertThat(downJudgements.get(300).verdict()).isEqualTo(Verdict.LOW);
    assertThat(downJudgements.get(310).verdict()).isEqualTo(Verdict.NORMAL);
    // Learning is the same whatever is reported: the expected ranges agree point by point.
    for (int i = 0; i < both.size(); i++) {
      assertThat(Double.valueOf(upJudgements.get(i).expectedLow()))
          .isEqualTo(Double.valueOf(both.get(i).expectedLow()));
      assertThat(Double.valueOf(downJudgements.get(i).expectedHigh()))
          .isEqualTo(Double.valueOf(both.get(i).expectedHigh()));
    }
  }

  @Test
  void aZeroIsFlaggedEvenWhenOnlyRisesAreWatched() {
    double[] values = businessDays().values();
    values[450] = 0;
    Detector up =
        DetectorType.SEASONAL.create(DetectorSettings.defaults().withDirection(Direction.UP));

    assertThat(up.score(businessDays().series(values)).get(450).verdict()).isEqualTo(Verdict.ZERO);
  }

  @Test
  void aMissingPointIsFlaggedAndNotLearnt() {
    double[] values = businessDays().values();
    values[450] = Double.NaN;

    List<Judgement> judgements = DEFAULT.score(businessDays().series(values));

    assertThat(judgements.get(450).verdict()).isEqualTo(Verdict.MISSING);
    assertThat(judgements.get(450).expectedLow()).isPositive();
    assertThat(flaggedBecauseOfTheChange(businessDays(), values, 0)).containsExactly(450);
  }

  @Test
  void aLevelShiftIsFlaggedForThreePointsThenLearnt() {
    double[] values = businessDays().values();
    for (int i = 500; i < values.length; i++) {
      values[i] *= 1.8;
    }

    List<Judgement> judgements = DEFAULT.score(businessDays().series(values));

    List<Integer> flagged = flaggedBecauseOfTheChange(businessDays(), values, 0);
    // The shift's first three points, and after them no more than the noise's own edge cases (a
    // point the band's edge decides either way once the level has moved).
    assertThat(flagged.stream().filter(i -> i < 560)).containsExactly(500, 501, 502);
    assertThat(flagged.stream().filter(i -> i >= 560).count()).isLessThanOrEqualTo(2);
    // A week on, the range is around the new level: the old one is far below it.
    Judgement weekLater = judgements.get(510);
    assertThat(values[510]).isBetween(weekLater.expectedLow(), weekLater.expectedHigh());
    assertThat(weekLater.expectedLow()).isGreaterThan(values[510] / 1.8 * 1.2);
  }

  @Test
  void aLastingChangeOfOneWeekdayIsLearntAfterThreeWeeks() {
    double[] values = businessDays().values();
    // From day 400 on, Sundays (day 6 of each week) carry a weekday's volume.
    for (int i = 400; i < values.length; i++) {
      if (i % 7 == 6) {
        values[i] *= 2;
      }
    }

    assertThat(flaggedBecauseOfTheChange(businessDays(), values, 0)).containsExactly(405, 412, 419);
  }

  @Test
  void aSeriesWithoutSeasonalityIsJudgedAgainstItsRecentLevel() {
    double[] values = TestSeries.daily(200).noise(0.04).values();
    values[150] *= 1.5;
    Series series = TestSeries.daily(200).series(values);

    assertThat(PeriodFinder.find(series)).isEqualTo(1);
    assertThat(anomalies(DEFAULT.score(series))).containsExactly(150);
  }

  @Test
  void judgeLastSaysWhatScoreSaysOfTheLastPoint() {
    double[] values = businessDays().values();
    values[729] *= 0.3;
    Series series = businessDays().series(values);

    Judgement last = DEFAULT.judgeLast(series);

    assertThat(last).isEqualTo(DEFAULT.score(series).get(729));
    assertThat(last.verdict()).isEqualTo(Verdict.LOW);
    assertThat(last.timestamp()).isEqualTo(series.timestamp(729));
  }
}
