package io.tidemark.anomaly;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The band a young series is judged in, from its {@value #MINIMUM_HISTORY}th point of history until
 * the detector's model has history enough: a prediction interval that is honest about how little is
 * known, wide at first and narrowing as points come.
 *
 * <p>Positive values are judged on their logarithm (counts vary in proportion to their level). The
 * earlier points are taken as a level plus independent Gaussian noise, whose spread is estimated
 * from them, so the next point lies within {@code mean ± q s sqrt(1 + 1/n)} where {@code q} is
 * Student's t quantile with the residual degrees of freedom: with few points both the unknown mean
 * and the unknown spread widen the band, and the chance of a normal point outside it is exactly the
 * one the sensitivity stands for (a standard normal score's chance beyond it), whatever the number
 * of points.
 *
 * <p>For daily points the week is handled as far as the history allows: once both weekend days and
 * weekdays have been seen, each has its own level (one spread pooled over both, a degree of freedom
 * less; from four points on, so that the spread keeps two), so a business table's quiet Saturday is
 * compared with earlier weekends. A point of a kind not seen yet (the first weekend of a table
 * started on a Monday) is judged on the other kind with an allowance of {@link #UNSEEN_WEEK} (a
 * factor of three either way) on top of the interval: only a collapse or a burst beyond any weekly
 * pattern is flagged there.
 *
 * <p>The spread is never below {@link SequentialDetector#MINIMUM_RELATIVE_SPREAD} (1%), as for the
 * full model: a table loading exactly the same count every day is not infinitely surprised by a
 * change.
 */
public final class ShortHistory {
  /** Points of history before the first judgement: two give a spread with one degree of freedom. */
  public static final int MINIMUM_HISTORY = 3;

  /** The allowance, on the log scale, for a weekly effect of a kind of day not seen yet. */
  static final double UNSEEN_WEEK = Math.log(3);

  private static final ConcurrentHashMap<Long, Double> QUANTILES = new ConcurrentHashMap<>();

  /** Degrees of freedom beyond which the quantile of this many is used: it barely moves. */
  static final int MAX_FREEDOM = 200;

  private final double sensitivity;
  private final double tail;
  private final boolean weekly;

  // Per kind of day (0 weekday, 1 weekend; only 0 when the week is not told apart): count, sum and
  // sum of squares of the log values, so that a band costs the same whatever the history.
  private final int[] counts = new int[2];
  private final double[] sums = new double[2];
  private final double[] squares = new double[2];

  /**
   * @param sensitivity the detector's sensitivity: the band's chance of leaving out a normal point
   *     on each side is a standard normal score's chance beyond it
   * @param weekly whether the points are days, so that weekends and weekdays can be told apart
   */
  ShortHistory(double sensitivity, boolean weekly) {
    this.sensitivity = sensitivity;
    this.tail = Erf.complementary(sensitivity / Math.sqrt(2)) / 2;
    this.weekly = weekly;
  }

  /** Learns a normal point (positive values only; others are ignored). */
  void add(double value, boolean weekend) {
    if (value > 0 && Double.isFinite(value)) {
      double log = Math.log(value);
      int kind = weekly && weekend ? 1 : 0;
      counts[kind]++;
      sums[kind] += log;
      squares[kind] += log * log;
    }
  }

  /** Forgets every point: the series moved to a new level. */
  void clear() {
    for (int kind = 0; kind < 2; kind++) {
      counts[kind] = 0;
      sums[kind] = 0;
      squares[kind] = 0;
    }
  }

  int size() {
    return counts[0] + counts[1];
  }

  /**
   * The band for the next point, of the given kind of day; null while fewer than {@link
   * #MINIMUM_HISTORY} points are known.
   */
  Band band(boolean weekend) {
    int size = size();
    if (size < MINIMUM_HISTORY) {
      return null;
    }
    int kind = weekly && weekend ? 1 : 0;
    int same = counts[kind];
    int other = size - same;
    double centre;
    double residual;
    int freedom;
    int group;
    double allowance = 0;
    if (same > 0 && other > 0 && size >= 4) {
      // One level per kind of day, one spread pooled over both.
      centre = sums[kind] / same;
      residual = deviations(0) + deviations(1);
      freedom = size - 2;
      group = same;
    } else {
      // One kind of day seen, or too few points to tell two levels: one level. If the point is of
      // a kind not seen, the week may move it.
      double sum = sums[0] + sums[1];
      centre = sum / size;
      residual = Math.max(0, squares[0] + squares[1] - sum * sum / size);
      freedom = size - 1;
      group = size;
      allowance = same == 0 ? UNSEEN_WEEK : 0;
    }
    double spread =
        Math.max(
            Math.sqrt(residual / freedom), Math.log1p(SequentialDetector.MINIMUM_RELATIVE_SPREAD));
    double half = quantile(freedom) * spread * Math.sqrt(1 + 1.0 / group) + allowance;
    return new Band(centre, half, sensitivity);
  }

  /** The sum of squared deviations from their mean of one kind's log values. */
  private double deviations(int kind) {
    return counts[kind] == 0
        ? 0
        : Math.max(0, squares[kind] - sums[kind] * sums[kind] / counts[kind]);
  }

  /** Student's t quantile with this many degrees of freedom, at the sensitivity's tail. */
  private double quantile(int freedom) {
    return quantile(tail, freedom);
  }

  private static double quantile(double tail, int freedom) {
    freedom = Math.min(freedom, MAX_FREEDOM);
    long key = Double.doubleToLongBits(tail) * 31 + freedom;
    Double cached = QUANTILES.get(key);
    if (cached != null) {
      return cached;
    }
    double value = StudentT.upperQuantile(tail, freedom);
    QUANTILES.put(key, value);
    return value;
  }

  /**
   * A band on the log scale.
   *
   * @param centre the expected log value
   * @param half the half-width: a log value farther than this from the centre is outside
   * @param sensitivity the score the band's edge stands for
   */
  record Band(double centre, double half, double sensitivity) {
    double expected() {
      return Math.exp(centre);
    }

    /** The same band with {@code allowance} more on each side, on the log scale. */
    Band widened(double allowance) {
      return new Band(centre, half + allowance, sensitivity);
    }

    double low() {
      return Math.exp(centre - half);
    }

    double high() {
      return Math.exp(centre + half);
    }

    /**
     * How far a positive value lies from the centre, scaled so that the band's edges are at plus
     * and minus the sensitivity: beyond them is outside.
     */
    double score(double value) {
      return sensitivity * (Math.log(value) - centre) / half;
    }
  }

  /** Student's t distribution for whole degrees of freedom, exactly (Abramowitz and Stegun). */
  static final class StudentT {
    private StudentT() {}

    /**
     * P(T > t) for t ≥ 0, from A(t|ν) = P(|T| ≤ t) by the finite series 26.7.3 (odd ν) and 26.7.4
     * (even ν) of Abramowitz and Stegun, in θ = atan(t / √ν).
     */
    static double upperTail(double t, int freedom) {
      double theta = Math.atan(t / Math.sqrt(freedom));
      double sin = Math.sin(theta);
      double cos = Math.cos(theta);
      double cos2 = cos * cos;
      double inside;
      if (freedom % 2 == 1) {
        double sum = 0;
        if (freedom > 1) {
          double term = 1;
          sum = 1;
          for (int k = 2; k <= freedom - 3; k += 2) {
            term *= cos2 * k / (k + 1);
            sum += term;
          }
        }
        inside = 2 / Math.PI * (theta + sin * cos * sum);
      } else {
        double term = 1;
        double sum = 1;
        for (int k = 1; k <= freedom - 3; k += 2) {
          term *= cos2 * k / (k + 1);
          sum += term;
        }
        inside = sin * sum;
      }
      return Math.max(0, (1 - inside) / 2);
    }

    /** The t whose upper tail is {@code p} (0 &lt; p &lt; 0.5), by bisection. */
    static double upperQuantile(double p, int freedom) {
      double high = 1;
      while (upperTail(high, freedom) > p && high < 1e12) {
        high *= 2;
      }
      double low = 0;
      for (int i = 0; i < 200 && high - low > 1e-12 * high; i++) {
        double middle = (low + high) / 2;
        if (upperTail(middle, freedom) > p) {
          low = middle;
        } else {
          high = middle;
        }
      }
      return (low + high) / 2;
    }
  }
}
