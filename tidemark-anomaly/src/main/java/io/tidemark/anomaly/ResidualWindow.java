package io.tidemark.anomaly;

import java.util.Arrays;

/**
 * The last {@code capacity} errors of a model, with their median and a robust standard deviation
 * (1.4826 × the median absolute deviation). The errors are also kept sorted, the oldest replaced by
 * the newest in one move, so the median is read off the middle and the median absolute deviation
 * found by bisection: no per-point sort or selection, whatever the series' length.
 */
final class ResidualWindow {
  /**
   * Fewer errors than this say too little about the spread to judge by: a median deviation of ten
   * errors is often half the true one, and a young table's band would narrow to a few percent at
   * the hand-over from the young band (which judges until then, honest about small samples).
   */
  static final int MINIMUM = 20;

  private static final double MAD_TO_SIGMA = 1.4826;

  private final double[] arrival;
  private final double[] sorted;
  private int size;
  private int next;
  private boolean fresh;
  private double median;
  private double sigma;

  ResidualWindow(int capacity) {
    this.arrival = new double[capacity];
    this.sorted = new double[capacity];
  }

  void add(double residual) {
    if (!Double.isFinite(residual)) {
      return;
    }
    if (size == arrival.length) {
      replace(arrival[next], residual);
    } else {
      insert(residual);
    }
    arrival[next] = residual;
    next = (next + 1) % arrival.length;
    fresh = false;
  }

  int size() {
    return size;
  }

  boolean ready() {
    return size >= MINIMUM;
  }

  double median() {
    refresh();
    return median;
  }

  double sigma() {
    refresh();
    return sigma;
  }

  private void insert(double value) {
    int at = Arrays.binarySearch(sorted, 0, size, value);
    if (at < 0) {
      at = -at - 1;
    }
    System.arraycopy(sorted, at, sorted, at + 1, size - at);
    sorted[at] = value;
    size++;
  }

  /**
   * Removes {@code old} and inserts {@code value} in one move: only the elements between the two
   * positions shift, and errors of a steady series are usually close to each other.
   */
  private void replace(double old, double value) {
    int at = Arrays.binarySearch(sorted, 0, size, old);
    if (value > old) {
      while (at + 1 < size && sorted[at + 1] < value) {
        sorted[at] = sorted[at + 1];
        at++;
      }
    } else {
      while (at > 0 && sorted[at - 1] > value) {
        sorted[at] = sorted[at - 1];
        at--;
      }
    }
    sorted[at] = value;
  }

  private void refresh() {
    if (fresh) {
      return;
    }
    fresh = true;
    if (size == 0) {
      median = Double.NaN;
      sigma = Double.NaN;
      return;
    }
    int middle = size / 2;
    median = size % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    sigma = MAD_TO_SIGMA * medianDeviation();
    // More than half the errors alike (a series that is mostly flat, or mostly zero): the spread
    // of the rest, read from wider quantile ranges, each scaled to a Gaussian's sigma.
    for (int i = 0; sigma == 0 && i < WIDER.length; i++) {
      int low = (int) Math.floor(WIDER[i] * (size - 1));
      int high = (int) Math.ceil((1 - WIDER[i]) * (size - 1));
      sigma = (sorted[high] - sorted[low]) / WIDER_TO_SIGMA[i];
    }
  }

  /** Lower quantiles of the ranges tried when the median deviation is zero. */
  private static final double[] WIDER = {0.1, 0.025, 0.005, 0};

  /** The width of each range, in a Gaussian's sigmas. */
  private static final double[] WIDER_TO_SIGMA = {2.563, 3.920, 5.152, 6.0};

  /**
   * The median of |x - median|. Walking left from the middle of the sorted errors gives one
   * increasing list of deviations, walking right another; the median deviation is the middle of
   * their union, found by bisection on how many of it come from the left list: O(log capacity).
   */
  private double medianDeviation() {
    int leftCount = size / 2;
    int rightCount = size - leftCount;
    // The smallest `take` deviations of the union, `take` - 1 being the median's (upper) index.
    int take = size / 2 + 1;
    int low = Math.max(0, take - rightCount);
    int high = Math.min(leftCount, take);
    while (low < high) {
      int i = (low + high) >>> 1;
      if (leftDeviation(i) < rightDeviation(take - i - 1)) {
        low = i + 1;
      } else {
        high = i;
      }
    }
    int fromRight = take - low;
    double lastLeft = low > 0 ? leftDeviation(low - 1) : Double.NEGATIVE_INFINITY;
    double lastRight = fromRight > 0 ? rightDeviation(fromRight - 1) : Double.NEGATIVE_INFINITY;
    double upper = Math.max(lastLeft, lastRight);
    if (size % 2 == 1) {
      return upper;
    }
    // The one before it is the larger of what remains once the upper one is put back.
    double lower =
        lastLeft >= lastRight
            ? Math.max(low > 1 ? leftDeviation(low - 2) : Double.NEGATIVE_INFINITY, lastRight)
            : Math.max(
                lastLeft, fromRight > 1 ? rightDeviation(fromRight - 2) : Double.NEGATIVE_INFINITY);
    return (lower + upper) / 2;
  }

  /** The i-th deviation walking left from the middle: elements size/2 - 1, size/2 - 2, ... */
  private double leftDeviation(int i) {
    return median - sorted[size / 2 - 1 - i];
  }

  /** The j-th deviation walking right from the middle: elements size/2, size/2 + 1, ... */
  private double rightDeviation(int j) {
    return sorted[size / 2 + j] - median;
  }
}
