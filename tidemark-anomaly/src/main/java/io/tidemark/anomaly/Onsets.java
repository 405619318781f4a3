package io.tidemark.anomaly;

/**
 * Decides which anomalies are alerts: the first of an anomaly, one that turns the other way, and
 * one that comes back after at least {@code quiet} normal points. The points between stay anomalous
 * but raise no new alert, so a long anomaly is one alert, not one per point. Gaps and points not
 * judged neither end an anomaly nor extend the quiet. Feed it every verdict in order.
 */
public final class Onsets {
  private final int quiet;
  private int side;
  private int normalSince = Integer.MAX_VALUE;

  public Onsets(int quiet) {
    if (quiet < 1) {
      throw new IllegalArgumentException("quiet must be at least 1, not " + quiet);
    }
    this.quiet = quiet;
  }

  /** Whether the point with this verdict, the next in order, is an alert. */
  public boolean next(Verdict verdict) {
    int now = side(verdict);
    if (now == 0) {
      if (verdict == Verdict.NORMAL && normalSince < Integer.MAX_VALUE) {
        normalSince++;
      }
      return false;
    }
    boolean alert = side == 0 || now != side || normalSince >= quiet;
    side = now;
    normalSince = 0;
    return alert;
  }

  /** +1 above the range, -1 below it (zero and missing too), 0 for a point that is no anomaly. */
  static int side(Verdict verdict) {
    return switch (verdict) {
      case HIGH, RISING -> 1;
      case LOW, FALLING, ZERO, MISSING -> -1;
      default -> 0;
    };
  }
}
