package io.tidemark.anomaly;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The turn of the month in a daily series: a month's last day and first day, when renewals bill,
 * books close and monthly jobs run. The weekly model knows nothing of them, so each of the two is
 * judged with what the series showed on the same day of its last two months: how far the value
 * stood from the same weekday in the weeks before. Two months that both stood off the same way
 * clearly are expected to do so again, by their mean; two that did not, leave the day ordinary.
 *
 * <p>Until the history holds two such days of a kind, nobody knows whether the series has a
 * month-end effect, so the day is judged with an allowance of {@link #UNSEEN} either way on top of
 * the band (as the young band does for the first weekend): a renewal spike of +50% on a young
 * table's first month-end is no anomaly, its collapse still is.
 */
final class MonthTurns {
  /** The relative move an unseen turn of the month is allowed on top of the band. */
  static final double UNSEEN = 0.6;

  private final double[] values;
  private final double[] effects;
  private final double[] baseline = new double[YearlyPattern.CYCLES];

  /** Per day: +1 a month's first, -1 its last, 0 between (see {@link #turn(LocalDate)}). */
  private final byte[] kinds;

  /** Per turn of the month: the index of the same turn a month earlier, -1 before the series. */
  private final int[] previous;

  private MonthTurns(LocalDate start, double[] values) {
    this.values = values;
    this.effects = new double[values.length];
    Arrays.fill(effects, Double.NaN);
    this.kinds = new byte[values.length];
    this.previous = new int[values.length];
    // Month by month, so that a point costs nothing on the days between the turns.
    long first = start.toEpochDay();
    int lastFirst = -1;
    int lastLast = -1;
    for (LocalDate month = start.withDayOfMonth(1);
        month.toEpochDay() - first < values.length;
        month = month.plusMonths(1)) {
      int begin = (int) (month.toEpochDay() - first);
      int end = begin + month.lengthOfMonth() - 1;
      if (begin >= 0) {
        kinds[begin] = 1;
        previous[begin] = lastFirst;
      }
      lastFirst = begin;
      if (end >= 0 && end < values.length) {
        kinds[end] = -1;
        previous[end] = lastLast;
      }
      lastLast = end;
    }
  }

  /** The turns of a daily series; null for any other step. */
  static MonthTurns of(Series series) {
    if (!series.step().equals(Duration.ofDays(1))) {
      return null;
    }
    return new MonthTurns(LocalDate.ofInstant(series.start(), ZoneOffset.UTC), series.valuesView());
  }

  /** +1 for a month's first day, -1 for its last, 0 for the days between. */
  static int turn(LocalDate date) {
    if (date.getDayOfMonth() == 1) {
      return 1;
    }
    return date.getDayOfMonth() == date.lengthOfMonth() ? -1 : 0;
  }

  /**
   * The relative change expected on day {@code t} and the relative spread it adds (the allowance of
   * an unseen turn is a spread of {@code UNSEEN / sensitivity}, so the band's edges move out by
   * {@link #UNSEEN} of the expected value).
   */
  YearlyPattern.Effect effect(int t, double relativeSpread, double sensitivity) {
    if (kinds[t] == 0 || !(relativeSpread >= 0)) {
      return YearlyPattern.Effect.NONE;
    }
    if (unseen(t)) {
      return new YearlyPattern.Effect(0, UNSEEN / sensitivity);
    }
    double one = effects[previous[t]];
    double two = effects[previous[previous[t]]];
    double clear = YearlyPattern.CLEAR * relativeSpread;
    if (!(Math.abs(one) > clear && Math.abs(two) > clear) || Math.signum(one) != Math.signum(two)) {
      return YearlyPattern.Effect.NONE;
    }
    return new YearlyPattern.Effect((one + two) / 2, Math.abs(one - two) / 2);
  }

  /** Whether day {@code t} is a turn of the month with fewer than two of its kind known before. */
  boolean unseen(int t) {
    if (kinds[t] == 0) {
      return false;
    }
    int one = previous[t];
    int two = one < 0 ? -1 : previous[one];
    return two < 0 || Double.isNaN(effects[one]) || Double.isNaN(effects[two]);
  }

  /** Records how far day {@code t}, if a turn of the month, stood from the weeks before. */
  void record(int t) {
    if (kinds[t] == 0) {
      return;
    }
    double value = values[t];
    if (!(value > 0)) {
      return;
    }
    int count = 0;
    for (int k = 1; k <= YearlyPattern.CYCLES && t - 7 * k >= 0; k++) {
      double earlier = values[t - 7 * k];
      if (earlier > 0) {
        baseline[count++] = earlier;
      }
    }
    if (count >= 2) {
      effects[t] = value / Selection.median(baseline, count) - 1;
    }
  }
}
