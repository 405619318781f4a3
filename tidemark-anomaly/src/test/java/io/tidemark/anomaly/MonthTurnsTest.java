package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A daily table whose month-ends bill renewals (+45%): tolerated before two month-ends are known,
 * expected once they are; a collapse on a month-end and a spike mid-month are still anomalies.
 */
class MonthTurnsTest {
  private static final Detector DEFAULT = DetectorType.SEASONAL.create(DetectorSettings.defaults());

  /** 2024-01-01 on: Jan 31 = 30, Feb 29 = 59, Mar 31 = 90, Apr 30 = 120, May 31 = 151. */
  private static final int[] MONTH_ENDS = {30, 59, 90, 120, 151};

  private static final int APRIL_15 = 105;

  private static TestSeries days() {
    return TestSeries.daily(160).weekend(0.5).noise(0.03);
  }

  private static double[] withMonthEnds(long seed) {
    double[] values = days().seed(seed).values();
    for (int end : MONTH_ENDS) {
      values[end] *= 1.45;
    }
    return values;
  }

  @Test
  void theMonthTurnsOfTheCalendarAreFound() {
    assertThat(MonthTurns.turn(LocalDate.of(2024, 2, 29))).isEqualTo(-1);
    assertThat(MonthTurns.turn(LocalDate.of(2024, 3, 1))).isEqualTo(1);
    assertThat(MonthTurns.turn(LocalDate.of(2024, 3, 15))).isZero();
    assertThat(LocalDate.ofInstant(TestSeries.MONDAY, ZoneOffset.UTC).plusDays(MONTH_ENDS[1]))
        .isEqualTo(LocalDate.of(2024, 2, 29));
  }

  @Test
  void monthEndSpikesAreToleratedThenLearntAndNeverFlagged() {
    for (long seed = 1; seed <= 10; seed++) {
      List<Judgement> judgements = DEFAULT.score(days().series(withMonthEnds(seed)));
      for (int end : MONTH_ENDS) {
        assertThat(judgements.get(end).judged()).isTrue();
        assertThat(judgements.get(end).anomalous()).as("seed %d, day %d", seed, end).isFalse();
      }
    }
  }

  @Test
  void aMonthEndCollapseAndAMidMonthSpikeAreStillFlagged() {
    for (long seed = 1; seed <= 10; seed++) {
      double[] values = withMonthEnds(seed);
      // Before any month-end is known, and once two are.
      double[] early = values.clone();
      early[MONTH_ENDS[1]] *= 0.2;
      assertThat(DEFAULT.score(days().series(early)).get(MONTH_ENDS[1]).verdict())
          .as("seed %d", seed)
          .isEqualTo(Verdict.LOW);
      double[] late = values.clone();
      late[MONTH_ENDS[3]] /= 1.45 * 2;
      late[APRIL_15] *= 1.45;
      List<Judgement> judgements = DEFAULT.score(days().series(late));
      assertThat(judgements.get(MONTH_ENDS[3]).verdict())
          .as("seed %d", seed)
          .isEqualTo(Verdict.LOW);
      assertThat(judgements.get(APRIL_15).verdict()).as("seed %d", seed).isEqualTo(Verdict.HIGH);
    }
  }
}
