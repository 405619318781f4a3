package io.tidemark.anomaly;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The yearly pattern of a daily series: holidays, year-end, a summer lull. For each day it keeps
 * how far the value stood from what the weekly model expected; a day whose same calendar date one
 * and two years earlier both stood off the same way is expected to do so again, by the smaller of
 * the two. Two years must agree so that one outage on a date does not excuse the next on that date;
 * holidays that move (Easter) stay surprising.
 */
final class YearlyPattern {
  /** How many relative spreads a year's departure must reach to count. */
  static final double CLEAR = 3;

  /** Earlier weeks whose same weekday makes a day's baseline. */
  static final int CYCLES = 4;

  private final LocalDate start;
  private final double[] values;
  private final double[] effects;
  private final double[] baseline = new double[CYCLES];

  private YearlyPattern(LocalDate start, double[] values) {
    this.start = start;
    this.values = values;
    this.effects = new double[values.length];
    Arrays.fill(effects, Double.NaN);
  }

  /** The pattern of a daily series long enough to have one (two years and a day); else null. */
  static YearlyPattern of(Series series) {
    if (!series.step().equals(Duration.ofDays(1))) {
      return null;
    }
    LocalDate first = LocalDate.ofInstant(series.start(), ZoneOffset.UTC);
    if (ChronoUnit.DAYS.between(first, first.plusYears(2)) >= series.size()) {
      return null;
    }
    return new YearlyPattern(first, series.valuesView());
  }

  /** The relative change expected on a day, and the relative spread it adds. */
  record Effect(double change, double spread) {
    static final Effect NONE = new Effect(0, 0);
  }

  /**
   * The relative change the calendar date of day {@code t} has shown in both of the last two years,
   * clearly beyond {@code relativeSpread}; {@link Effect#NONE} otherwise.
   */
  Effect effect(int t, double relativeSpread) {
    LocalDate date = start.plusDays(t);
    int lastYear = (int) ChronoUnit.DAYS.between(start, date.minusYears(1));
    int yearBefore = (int) ChronoUnit.DAYS.between(start, date.minusYears(2));
    if (yearBefore < 0 || !(relativeSpread >= 0)) {
      return Effect.NONE;
    }
    double one = effects[lastYear];
    double two = effects[yearBefore];
    double clear = CLEAR * relativeSpread;
    if (!(Math.abs(one) > clear && Math.abs(two) > clear) || Math.signum(one) != Math.signum(two)) {
      return Effect.NONE;
    }
    return new Effect((one + two) / 2, Math.abs(one - two) / 2);
  }

  /** Records how far day {@code t}'s value stood from the same weekday in the weeks before. */
  void record(int t) {
    double value = values[t];
    if (!(value > 0)) {
      return;
    }
    int count = 0;
    for (int k = 1; k <= CYCLES && t - 7 * k >= 0; k++) {
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
