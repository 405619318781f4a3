package io.tidemark.anomaly;

import java.util.Arrays;

/**
 * How far a score may stray before it is an anomaly, learnt from the scores before it, so that the
 * false-alarm rate holds when errors are not Gaussian: bursty, skewed or heavy-tailed.
 *
 * <p>Each side (above, below) has its own threshold: at least the sensitivity, and at least the
 * score that the recent scores exceed with the chosen probability. That probability is far beyond
 * what a few thousand scores show directly, so the tail is extrapolated: the largest {@link
 * #TAIL_SHARE} of the scores on that side are fitted with a generalised Pareto distribution (by
 * probability-weighted moments, Hosking and Wallis 1987), whose quantile at the wanted rate is the
 * threshold. This is the peaks-over-threshold method of SPOT (Siffer et al., KDD 2017).
 *
 * <p>Every judged score is kept, anomalies too, so that what recurs becomes normal (a metric whose
 * bursts are its daily work); but a score enters clipped at {@link #CLIP} times the threshold on
 * its side, so that one anomaly, however large, cannot raise the threshold over the next ones.
 *
 * <p>The last {@link #CAPACITY} scores are kept in arrival order; the thresholds are refitted every
 * {@link #REFIT_EVERY} scores (a sort of the window), so a point costs O(capacity log capacity /
 * {@value #REFIT_EVERY}), and every threshold depends on earlier scores only.
 */
final class TailThreshold {
  /** Scores on a side before its tail is fitted; fewer leave the sensitivity alone. */
  static final int MINIMUM_SCORES = 100;

  static final double TAIL_SHARE = 0.05;
  static final int REFIT_EVERY = 32;

  /** Scores kept: a week of five-minute points, five years of daily ones. */
  static final int CAPACITY = 2000;

  /** A score enters the window at most this many times its side's threshold. */
  static final double CLIP = 1.5;

  /** The shape is kept in a range where the fit is stable. */
  static final double MAX_SHAPE = 0.9;

  static final double MIN_SHAPE = -0.5;

  private final double[] window;
  private final double rate;
  private final double floor;
  private int size;
  private int next;
  private int sinceFit = REFIT_EVERY;
  private double upper;
  private double lower;

  /**
   * @param sensitivity the least threshold, in the score's units; the wanted chance of a normal
   *     score beyond a side's threshold is a standard normal score's chance beyond it
   */
  TailThreshold(double sensitivity) {
    this.window = new double[CAPACITY];
    this.floor = sensitivity;
    this.rate = gaussianRate(sensitivity);
    this.upper = sensitivity;
    this.lower = sensitivity;
  }

  /** The one-sided chance of a standard normal score beyond {@code sensitivity}. */
  static double gaussianRate(double sensitivity) {
    return 0.5 * Erf.complementary(sensitivity / Math.sqrt(2));
  }

  void add(double score) {
    if (!Double.isFinite(score)) {
      return;
    }
    double limit = CLIP * (score > 0 ? upper() : lower());
    window[next] = Math.max(-limit, Math.min(limit, score));
    next = (next + 1) % window.length;
    size = Math.min(size + 1, window.length);
    sinceFit++;
  }

  /** The threshold above the expected value (a positive number of score units). */
  double upper() {
    refit();
    return upper;
  }

  /** The threshold below the expected value (a positive number of score units). */
  double lower() {
    refit();
    return lower;
  }

  private void refit() {
    if (sinceFit < REFIT_EVERY) {
      return;
    }
    sinceFit = 0;
    double[] sorted = Arrays.copyOf(window, size);
    Arrays.sort(sorted);
    int positives = size - firstAbove(sorted, 0);
    int negatives = firstAbove(sorted, -Double.MIN_VALUE) - 0;
    double[] above = new double[positives];
    for (int i = 0; i < positives; i++) {
      above[i] = sorted[size - positives + i];
    }
    double[] below = new double[negatives];
    for (int i = 0; i < negatives; i++) {
      below[i] = -sorted[negatives - 1 - i];
    }
    upper = Math.max(floor, quantile(above, size));
    lower = Math.max(floor, quantile(below, size));
  }

  /** The index of the first element greater than {@code value}. */
  private static int firstAbove(double[] sorted, double value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sorted[middle] > value) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /**
   * The score exceeded with probability {@link #rate} among all {@code total} scores, from the
   * ascending {@code side} values of one side; 0 when too few.
   */
  private double quantile(double[] side, int total) {
    if (side.length < MINIMUM_SCORES) {
      return 0;
    }
    int tail = Math.max(10, (int) (TAIL_SHARE * total));
    tail = Math.min(tail, side.length - 1);
    double threshold = side[side.length - tail - 1];
    // Probability-weighted moments of the excesses over the threshold, ascending.
    double a0 = 0;
    double a1 = 0;
    for (int j = 0; j < tail; j++) {
      double excess = side[side.length - tail + j] - threshold;
      a0 += excess;
      a1 += excess * (1 - (j + 0.65) / tail);
    }
    a0 /= tail;
    a1 /= tail;
    if (!(a0 > 0) || a0 - 2 * a1 <= 0) {
      return side[side.length - 1];
    }
    double shape = 2 - a0 / (a0 - 2 * a1);
    double scale = 2 * a0 * a1 / (a0 - 2 * a1);
    shape = Math.max(MIN_SHAPE, Math.min(MAX_SHAPE, shape));
    double exceed = (double) tail / total;
    if (rate >= exceed) {
      return threshold;
    }
    double ratio = exceed / rate;
    return Math.abs(shape) < 1e-6
        ? threshold + scale * Math.log(ratio)
        : threshold + scale / shape * (Math.pow(ratio, shape) - 1);
  }
}
