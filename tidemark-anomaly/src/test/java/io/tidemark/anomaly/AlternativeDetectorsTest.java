package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Holt-Winters and rate of change: the basics. */
class AlternativeDetectorsTest {
  private static List<Integer> anomalies(List<Judgement> judgements) {
    return IntStream.range(0, judgements.size())
        .filter(i -> judgements.get(i).anomalous())
        .boxed()
        .toList();
  }

  /** Additive weekly pattern plus a linear trend plus constant noise: what Holt-Winters models. */
  private static double[] additive(int days, long seed) {
    Random random = new Random(seed);
    double[] pattern = {0, 40, 60, 50, 30, -120, -160};
    double[] values = new double[days];
    for (int i = 0; i < days; i++) {
      values[i] = 1000 + 0.5 * i + pattern[i % 7] + 15 * random.nextGaussian();
    }
    return values;
  }

  @Test
  void holtWintersFollowsAnAdditiveSeasonalSeriesAndFindsSpikes() {
    double[] values = additive(400, 2);
    values[300] += 200;
    values[350] -= 200;
    Detector detector = DetectorType.HOLT_WINTERS.create(DetectorSettings.defaults());

    List<Judgement> judgements =
        detector.score(Series.regular(TestSeries.MONDAY, Duration.ofDays(1), values));

    assertThat(anomalies(judgements)).contains(300, 350).hasSizeLessThanOrEqualTo(5);
    assertThat(judgements.get(390).expectedLow()).isBetween(values[390] - 150, values[390]);
  }

  @Test
  void holtWintersWorksOnNegativeValues() {
    double[] values = additive(200, 3);
    for (int i = 0; i < values.length; i++) {
      values[i] -= 2000;
    }
    values[150] += 250;

    List<Judgement> judgements =
        DetectorType.HOLT_WINTERS
            .create(DetectorSettings.defaults())
            .score(Series.regular(TestSeries.MONDAY, Duration.ofDays(1), values));

    assertThat(anomalies(judgements)).contains(150).hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void holtWintersStartsFromTwoCycles() {
    Detector detector =
        DetectorType.HOLT_WINTERS.create(DetectorSettings.defaults().withMinimumHistory(1));

    assertThat(detector.minimumHistory(7)).isEqualTo(14 + ResidualWindow.MINIMUM);
    List<Judgement> judgements =
        detector.score(Series.regular(TestSeries.MONDAY, Duration.ofDays(1), additive(60, 4)));
    // Before its two cycles the young band judges, from the third point on.
    assertThat(judgements.subList(0, ShortHistory.MINIMUM_HISTORY)).noneMatch(Judgement::judged);
    assertThat(judgements.subList(ShortHistory.MINIMUM_HISTORY, 60)).allMatch(Judgement::judged);
    assertThat(judgements.subList(0, 60)).noneMatch(Judgement::anomalous);
  }

  @Test
  void rateOfChangeComparesWithOnePeriodEarlier() {
    double[] values = TestSeries.daily(200).weekend(0.5).noise(0.03).values();
    values[120] *= 1.5;
    Detector detector =
        DetectorType.RATE_OF_CHANGE.create(
            DetectorSettings.defaults().withPeriod(SeasonalPeriod.fixed(7)));

    List<Judgement> judgements = detector.score(TestSeries.daily(200).series(values));

    assertThat(anomalies(judgements)).contains(120).hasSizeLessThanOrEqualTo(4);
    // The week after compares with the learnt (excluded) value, not with the spike.
    assertThat(judgements.get(127).anomalous()).isFalse();
    double expected = (judgements.get(121).expectedLow() + judgements.get(121).expectedHigh()) / 2;
    assertThat(expected).isBetween(values[114] * 0.95, values[114] * 1.05);
  }

  @Test
  void rateOfChangeDoesNotJudgeAgainstANonPositiveReference() {
    double[] values = {-5, -4, -6, -5, -4, -5, -6, -5, -4, -5, -6, -5, -4, -5, -6, -5, -4, -5};
    List<Judgement> judgements =
        DetectorType.RATE_OF_CHANGE
            .create(DetectorSettings.defaults().withPeriod(SeasonalPeriod.fixed(1)))
            .score(Series.regular(TestSeries.MONDAY, Duration.ofDays(1), values));

    assertThat(judgements).allMatch(j -> j.verdict() == Verdict.NOT_JUDGED);
  }

  @Test
  void detectorsAreSelectedByName() {
    assertThat(DetectorType.parse("seasonal")).isEqualTo(DetectorType.SEASONAL);
    assertThat(DetectorType.parse("Holt-Winters")).isEqualTo(DetectorType.HOLT_WINTERS);
    assertThat(DetectorType.parse("rate_of_change")).isEqualTo(DetectorType.RATE_OF_CHANGE);
    assertThat(DetectorType.HOLT_WINTERS.create(DetectorSettings.defaults()).name())
        .isEqualTo("holt-winters");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DetectorType.parse("prophet"))
        .hasMessage(
            "unknown detector 'prophet': expected one of seasonal, holt-winters, rate-of-change");
  }
}
