package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A slow collapse: each day inside the band that follows it, the slide as a whole far outside. */
class SlowCollapseTest {
  private static final Detector DEFAULT = DetectorType.SEASONAL.create(DetectorSettings.defaults());
  private static final int START = 240;

  /** Daily counts, business weekends, 5% noise; from START on, a geometric slide to {@code to}. */
  private static double[] sliding(long seed, int days, double to) {
    double[] values = TestSeries.daily(START + 60).weekend(0.5).noise(0.05).seed(seed).values();
    double step = Math.pow(to, 1.0 / days);
    for (int i = START; i < values.length; i++) {
      values[i] *= Math.pow(step, Math.min(i - START + 1, days));
    }
    return values;
  }

  private static int firstAlert(List<Judgement> judgements, int from) {
    for (int i = from; i < judgements.size(); i++) {
      if (judgements.get(i).alert()) {
        return i;
      }
    }
    return -1;
  }

  @ParameterizedTest(name = "down to {1} over {0} days")
  @CsvSource({"7, 0.4", "14, 0.4", "21, 0.4", "21, 0.12", "10, 0.25"})
  void aSlideIsAlertedInItsFirstHalf(int days, double to) {
    for (long seed = 1; seed <= 5; seed++) {
      List<Judgement> judgements =
          DEFAULT.score(TestSeries.daily(START + 60).series(sliding(seed, days, to)));

      int alert = firstAlert(judgements, START);
      assertThat(alert).as("seed %d: first alert", seed).isBetween(START, START + days / 2);
      assertThat(judgements.get(alert).verdict()).isIn(Verdict.LOW, Verdict.FALLING);
    }
  }

  @ParameterizedTest(name = "read from a file: down to {1} over {0} days")
  @CsvSource({"7, 0.4", "21, 0.4"})
  void aSlideOfADailyMetricIsAlertedInItsFirstHalfToo(int days, double to) {
    // A daily count series read from a file is a metric: its alerts have no hold, and the slide is
    // caught as a table's is.
    for (long seed = 1; seed <= 5; seed++) {
      Series table = TestSeries.daily(START + 60).series(sliding(seed, days, to));
      Series metric =
          Series.regular(
              SeriesKind.METRIC, table.timestamp(0), Duration.ofDays(1), table.valuesView());
      List<Judgement> judgements = DEFAULT.score(metric);

      int alert = firstAlert(judgements, START);
      assertThat(alert).as("seed %d: first alert", seed).isBetween(START, START + days / 2);
      assertThat(judgements.get(alert).verdict()).isIn(Verdict.LOW, Verdict.FALLING);
    }
  }

  @Test
  void theChangeTestStaysQuietOnASteadySeries() {
    int falling = 0;
    int points = 0;
    for (long seed = 1; seed <= 20; seed++) {
      List<Judgement> judgements =
          DEFAULT.score(TestSeries.daily(730).weekend(0.5).growth(0.3).seed(seed).series());
      points += judgements.size();
      falling +=
          (int)
              judgements.stream()
                  .filter(j -> j.verdict() == Verdict.FALLING || j.verdict() == Verdict.RISING)
                  .count();
    }
    // At most one change alarm per 2,000 points of a steady series.
    assertThat(falling).isLessThanOrEqualTo(points / 2000);
  }
}
