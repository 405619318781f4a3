package io.tidemark.anomaly;

/**
 * Decides which anomalies are alerts: the first of an anomaly, one that turns the other way, and
 * one that comes back after at least {@code quiet} normal points. The points between stay anomalous
 * but raise no new alert, so a long anomaly is one alert, not one per point. Gaps and points not
 * judged neither end an anomaly nor extend the quiet. Feed it every verdict in order.
 *
 * <p>With a {@code hold}, an alert also silences the next {@code hold} points, whatever they are: a
 * metric that turns, comes back and wanders for hours after an incident is the same incident, and
 * one alert for it is what a team wants (as an alert manager groups repeats). The anomalous points
 * inside the hold keep their verdicts.
 */
public final class Onsets {
  private final int quiet;
  private final int hold;
  private int side;
  private int normalSince = Integer.MAX_VALUE;
  private int sinceAlert = Integer.MAX_VALUE;

  public Onsets(int quiet) {
    this(quiet, 0);
  }

  public Onsets(int quiet, int hold) {
    if (quiet < 1) {
      throw new IllegalArgumentException("quiet must be at least 1, not " + quiet);
    }
    if (hold < 0) {
      throw new IllegalArgumentException("hold must be 0 or more, not " + hold);
    }
    this.quiet = quiet;
    this.hold = hold;
  }

  /** Whether the point with this verdict, the next in order, is an alert. */
  public boolean next(Verdict verdict) {
    if (sinceAlert < Integer.MAX_VALUE) {
      sinceAlert++;
    }
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
    if (alert && sinceAlert <= hold) {
      return false;
    }
    if (alert) {
      sinceAlert = 0;
    }
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
