package io.tidemark.anomaly;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a series' seasonal period by autocorrelation over candidate lags. A lag needs {@link
 * #MINIMUM_CYCLES} cycles of data to be considered.
 *
 * <p>For a lag, the series (in logs when positive, as volumes are multiplicative; zero and missing
 * points take the previous value) is detrended by a moving average one lag long, which removes
 * trend and level shifts but keeps that lag's cycle; the residuals are clipped at four robust
 * standard deviations, so that a few anomalies do not decide, and correlated with themselves one
 * lag later. A correlation counts when it reaches {@link #MINIMUM_CORRELATION} and three standard
 * errors, so short series need clearer evidence.
 *
 * <p>When the step divides a day, the candidates are the calendar's cycles, a day and a week (288
 * and 2016 for five-minute data, 24 and 168 for hourly, 7 for daily), and they nest: the day is
 * tested on the points, the week on the daily means, so hourly data gets 168 only if its days
 * differ through the week. (Comparing the two correlations directly does not work: a weekly lag
 * also matches every daily cycle.) Other steps scan every lag up to {@link #MAX_SCANNED_LAG}: the
 * highest correlation wins, or a shorter lag dividing it that is nearly as good. Nothing counts:
 * period 1.
 */
public final class PeriodFinder {
  static final double MINIMUM_CORRELATION = 0.1;
  static final double SHORTER_WITHIN = 0.05;
  static final int MINIMUM_CYCLES = 3;
  static final int MAX_SCANNED_LAG = 400;

  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration WEEK = Duration.ofDays(7);

  private PeriodFinder() {}

  /** The seasonal period in points, or 1 when the series shows none. */
  public static int find(Series series) {
    double[] values = prepare(series.valuesView());
    if (values == null) {
      return 1;
    }
    List<Integer> calendar = calendarCandidates(series.step(), values.length);
    if (calendar != null) {
      return nested(values, calendar);
    }
    return strongest(values, scannedCandidates(values.length));
  }

  /** Each calendar cycle is tested on the means of the shorter one it nests, once one is found. */
  private static int nested(double[] values, List<Integer> lags) {
    int chosen = 1;
    for (int lag : lags) {
      if (chosen == 1) {
        if (significant(seasonalCorrelation(values, lag), values.length - lag)) {
          chosen = lag;
        }
      } else if (lag % chosen == 0) {
        double[] cycles = means(values, chosen);
        int blocks = lag / chosen;
        if (significant(seasonalCorrelation(cycles, blocks), cycles.length - blocks)) {
          chosen = lag;
        }
      }
    }
    return chosen;
  }

  /** The lag with the highest correlation, or a shorter one dividing it that is nearly as good. */
  private static int strongest(double[] values, List<Integer> lags) {
    double[] correlations = new double[lags.size()];
    int best = -1;
    for (int i = 0; i < lags.size(); i++) {
      correlations[i] = seasonalCorrelation(values, lags.get(i));
      if (best < 0 || correlations[i] > correlations[best]) {
        best = i;
      }
    }
    if (best < 0 || !significant(correlations[best], values.length - lags.get(best))) {
      return 1;
    }
    int lag = lags.get(best);
    for (int i = 0; i < lags.size(); i++) {
      int shorter = lags.get(i);
      if (shorter < lag
          && lag % shorter == 0
          && correlations[i] >= correlations[best] - SHORTER_WITHIN) {
        return shorter;
      }
    }
    return lag;
  }

  /**
   * At least {@link #MINIMUM_CORRELATION}, and three standard errors of a correlation over that
   * many pairs, so that short series need clearer evidence.
   */
  private static boolean significant(double correlation, int pairs) {
    return correlation >= Math.max(MINIMUM_CORRELATION, 3 / Math.sqrt(Math.max(pairs, 1)));
  }

  /** Means of consecutive blocks of {@code length} values (a trailing partial block dropped). */
  private static double[] means(double[] values, int length) {
    double[] means = new double[values.length / length];
    for (int block = 0; block < means.length; block++) {
      double sum = 0;
      for (int i = block * length; i < (block + 1) * length; i++) {
        sum += values[i];
      }
      means[block] = sum / length;
    }
    return means;
  }

  /**
   * The calendar's cycles that fit {@link #MINIMUM_CYCLES} times in {@code size} points of this
   * step, shortest first; null when the step does not divide a day (then lags are scanned).
   */
  static List<Integer> calendarCandidates(Duration step, int size) {
    long stepNanos = step.toNanos();
    if (DAY.toNanos() % stepNanos != 0) {
      return null;
    }
    List<Integer> lags = new ArrayList<>();
    for (Duration cycle : List.of(DAY, WEEK)) {
      long lag = cycle.toNanos() / stepNanos;
      if (lag >= 2 && lag * MINIMUM_CYCLES <= size && lag <= SeasonalPeriod.MAX_POINTS) {
        lags.add((int) lag);
      }
    }
    return lags;
  }

  private static List<Integer> scannedCandidates(int size) {
    List<Integer> lags = new ArrayList<>();
    for (int lag = 2; lag <= MAX_SCANNED_LAG && lag * MINIMUM_CYCLES <= size; lag++) {
      lags.add(lag);
    }
    return lags;
  }

  /**
   * Missing and zero points (anomalies by rule) take the previous value; positive series go to
   * logs. Null when no point has a value.
   */
  private static double[] prepare(double[] observed) {
    double[] values = new double[observed.length];
    double previous = Double.NaN;
    boolean positive = true;
    for (int i = 0; i < observed.length; i++) {
      double value = observed[i];
      if (Double.isNaN(value) || value == 0) {
        value = previous;
      }
      values[i] = value;
      if (!Double.isNaN(value)) {
        previous = value;
        positive &= value > 0;
      }
    }
    if (Double.isNaN(previous)) {
      return null;
    }
    int first = 0;
    while (Double.isNaN(values[first])) {
      first++;
    }
    for (int i = 0; i < first; i++) {
      values[i] = values[first];
    }
    if (positive) {
      for (int i = 0; i < values.length; i++) {
        values[i] = Math.log(values[i]);
      }
    }
    return values;
  }

  /** Correlation at {@code lag} of the residuals from a moving average {@code lag} points long. */
  static double seasonalCorrelation(double[] values, int lag) {
    int size = values.length;
    double[] prefix = new double[size + 1];
    for (int i = 0; i < size; i++) {
      prefix[i + 1] = prefix[i] + values[i];
    }
    int half = lag / 2;
    int first = half;
    int end = size - (lag - half) + 1;
    int count = end - first;
    if (count <= lag + 2) {
      return Double.NaN;
    }
    double[] residuals = new double[count];
    for (int i = first; i < end; i++) {
      residuals[i - first] = values[i] - (prefix[i - half + lag] - prefix[i - half]) / lag;
    }
    clip(residuals);
    int pairs = count - lag;
    double sumX = 0;
    double sumY = 0;
    for (int i = 0; i < pairs; i++) {
      sumX += residuals[i];
      sumY += residuals[i + lag];
    }
    double meanX = sumX / pairs;
    double meanY = sumY / pairs;
    double covariance = 0;
    double varianceX = 0;
    double varianceY = 0;
    for (int i = 0; i < pairs; i++) {
      double dx = residuals[i] - meanX;
      double dy = residuals[i + lag] - meanY;
      covariance += dx * dy;
      varianceX += dx * dx;
      varianceY += dy * dy;
    }
    if (varianceX == 0 || varianceY == 0) {
      return 0;
    }
    return covariance / Math.sqrt(varianceX * varianceY);
  }

  private static void clip(double[] residuals) {
    double[] scratch = residuals.clone();
    double median = Selection.median(scratch, scratch.length);
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = Math.abs(residuals[i] - median);
    }
    double limit = 4 * 1.4826 * Selection.median(scratch, scratch.length);
    if (limit == 0) {
      return;
    }
    for (int i = 0; i < residuals.length; i++) {
      residuals[i] = Math.max(median - limit, Math.min(median + limit, residuals[i]));
    }
  }
}
