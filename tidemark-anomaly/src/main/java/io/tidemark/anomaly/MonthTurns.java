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

  private final LocalDate start;
  private final double[] values;
  private final double[] effects;
  private final double[] baseline = new double[YearlyPattern.CYCLES];

  private MonthTurns(LocalDate start, double[] values) {
    this.start = start;
    this.values = values;
    this.effects = new double[values.length];
    Arrays.fill(effects, Double.NaN);
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
    LocalDate date = start.plusDays(t);
    int kind = turn(date);
    if (kind == 0 || !(relativeSpread >= 0)) {
      return YearlyPattern.Effect.NONE;
    }
    if (unseen(t)) {
      return new YearlyPattern.Effect(0, UNSEEN / sensitivity);
    }
    int one = sameTurn(date.minusMonths(1), kind);
    int two = sameTurn(date.minusMonths(2), kind);
    double first = effects[one];
    double second = effects[two];
    double clear = YearlyPattern.CLEAR * relativeSpread;
    if (!(Math.abs(first) > clear && Math.abs(second) > clear)
        || Math.signum(first) != Math.signum(second)) {
      return YearlyPattern.Effect.NONE;
    }
    return new YearlyPattern.Effect((first + second) / 2, Math.abs(first - second) / 2);
  }

  /** Whether day {@code t} is a turn of the month with fewer than two of its kind known before. */
  boolean unseen(int t) {
    LocalDate date = start.plusDays(t);
    int kind = turn(date);
    if (kind == 0) {
      return false;
    }
    int one = sameTurn(date.minusMonths(1), kind);
    int two = sameTurn(date.minusMonths(2), kind);
    return one < 0 || two < 0 || Double.isNaN(effects[one]) || Double.isNaN(effects[two]);
  }

  /** The index of the same kind of turn in {@code month}'s month; -1 before the series. */
  private int sameTurn(LocalDate month, int kind) {
    LocalDate day =
        kind > 0 ? month.withDayOfMonth(1) : month.withDayOfMonth(month.lengthOfMonth());
    long index = day.toEpochDay() - start.toEpochDay();
    return index < 0 ? -1 : (int) index;
  }

  /** Records how far day {@code t}, if a turn of the month, stood from the weeks before. */
  void record(int t) {
    if (turn(start.plusDays(t)) == 0) {
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
