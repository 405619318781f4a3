package io.tidemark.anomaly;

/** Medians by selection (quickselect), in place, in expected linear time. */
final class Selection {
  private Selection() {}

  /** The median of {@code values[0..size)}; reorders them. */
  static double median(double[] values, int size) {
    int middle = size / 2;
    double upper = select(values, size, middle);
    if (size % 2 == 1) {
      return upper;
    }
    // After selection everything left of the middle is <= it: the lower middle is their maximum.
    double lower = values[0];
    for (int i = 1; i < middle; i++) {
      lower = Math.max(lower, values[i]);
    }
    return (lower + upper) / 2;
  }

  /** The {@code k}-th smallest of {@code values[0..size)}, leaving smaller ones before it. */
  static double select(double[] values, int size, int k) {
    int left = 0;
    int right = size - 1;
    while (right > left) {
      double pivot = medianOfThree(values[left], values[(left + right) >>> 1], values[right]);
      int i = left;
      int j = right;
      while (i <= j) {
        while (values[i] < pivot) {
          i++;
        }
        while (values[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double swap = values[i];
          values[i] = values[j];
          values[j] = swap;
          i++;
          j--;
        }
      }
      if (k <= j) {
        right = j;
      } else if (k >= i) {
        left = i;
      } else {
        return values[k];
      }
    }
    return values[k];
  }

  private static double medianOfThree(double a, double b, double c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  /**
   * The mean of the middle half of {@code values[0..size)}: robust like a median to a quarter of
   * outliers on each side, but less noisy. Below four values, their median. For the few values of a
   * forecast's candidates: up to eleven it drops the extremes in one pass, without sorting.
   */
  static double middleMean(double[] values, int size) {
    if (size < 4) {
      return median(values, size);
    }
    int drop = size / 4;
    if (drop > 2) {
      java.util.Arrays.sort(values, 0, size);
      double sum = 0;
      for (int i = drop; i < size - drop; i++) {
        sum += values[i];
      }
      return sum / (size - 2 * drop);
    }
    double sum = 0;
    double low1 = Double.POSITIVE_INFINITY;
    double low2 = Double.POSITIVE_INFINITY;
    double high1 = Double.NEGATIVE_INFINITY;
    double high2 = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      double value = values[i];
      sum += value;
      if (value < low2) {
        if (value < low1) {
          low2 = low1;
          low1 = value;
        } else {
          low2 = value;
        }
      }
      if (value > high2) {
        if (value > high1) {
          high2 = high1;
          high1 = value;
        } else {
          high2 = value;
        }
      }
    }
    sum -= low1 + high1;
    if (drop == 2) {
      sum -= low2 + high2;
    }
    return sum / (size - 2 * drop);
  }
}
