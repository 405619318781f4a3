package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every judgement depends on the points before it only. */
class NoLookAheadTest {
  @Test
  void changingLaterPointsNeverChangesEarlierJudgements() {
    Random random = new Random(11);
    double[] base = TestSeries.daily(300).weekend(0.5).growth(0.3).values();
    base[100] *= 3;
    base[150] = 0;
    for (DetectorType type : DetectorType.values()) {
      Detector detector =
          type.create(DetectorSettings.defaults().withPeriod(SeasonalPeriod.fixed(7)));
      List<Judgement> original = detector.score(TestSeries.daily(300).series(base));
      for (int trial = 0; trial < 20; trial++) {
        int cut = 20 + random.nextInt(270);
        double[] changed = base.clone();
        for (int i = cut; i < changed.length; i++) {
          // Later points become anything: spikes, zeros, gaps, a new level.
          changed[i] =
              switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> Double.NaN;
                case 2 -> changed[i] * 10;
                default -> changed[i] * random.nextDouble();
              };
        }
        List<Judgement> judged = detector.score(TestSeries.daily(300).series(changed));

        assertThat(judged.subList(0, cut))
            .as("%s, points from %d changed", type, cut)
            .isEqualTo(original.subList(0, cut));
      }
    }
  }

  @Test
  void judgingAPrefixGivesTheSameJudgementsAsJudgingTheWhole() {
    Series series = TestSeries.hourly(24 * 40).dailySwing(0.5).weekend(0.7).series();
    for (DetectorType type : DetectorType.values()) {
      Detector detector =
          type.create(DetectorSettings.defaults().withPeriod(SeasonalPeriod.fixed(24)));
      List<Judgement> whole = detector.score(series);
      for (int size : new int[] {1, 30, 200, 500, 959}) {
        assertThat(detector.judgeLast(series.head(size)))
            .as("%s at %d", type, size)
            .isEqualTo(whole.get(size - 1));
      }
    }
  }
}
