package io.tidemark.anomaly;

/**
 * How often a series has been zero. A zero load of a table that is never empty is an anomaly by
 * itself, whatever the model expects; but a low-volume log has many empty hours, and calling each
 * of those an anomaly would drown the real ones. So zeros are anomalies until the series has shown
 * that they are common: at least {@link #KNOWN_AFTER} of them, and at least {@link #COMMON_SHARE}
 * of its points. From then on a zero is a normal point that the model does not learn (it describes
 * the values when there are any), and a change in how often zeros come is the change test's job.
 */
final class ZeroShare {
  static final int KNOWN_AFTER = 3;
  static final double COMMON_SHARE = 0.01;

  private int zeros;
  private int values;

  /** Whether a zero, now, is a common event rather than an anomaly. */
  boolean common() {
    return zeros >= KNOWN_AFTER && zeros >= COMMON_SHARE * values;
  }

  /** Counts a point with a value. */
  void add(double value) {
    values++;
    if (value == 0) {
      zeros++;
    }
  }

  /** The share of points with a value that were zero; NaN before any. */
  double share() {
    return values == 0 ? Double.NaN : zeros / (double) values;
  }
}
