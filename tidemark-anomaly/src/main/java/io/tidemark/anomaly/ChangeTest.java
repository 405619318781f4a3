package io.tidemark.anomaly;

import java.time.Duration;

/**
 * A two-sided CUSUM on the scores, beside the per-point test: it notices points that are each
 * unremarkable but together stray to one side, as a slow collapse does while the forecast follows
 * it down. Each score is clipped first, so that one spike is not a run, and divided by how much the
 * scores' own autocorrelation widens their sums (for a lag-one correlation ρ, by √((1+ρ)/(1-ρ))),
 * so that a metric whose errors come in waves does not alarm on every wave while independent errors
 * (daily row counts) keep the full sensitivity.
 *
 * <p>A side is in alarm while its sum exceeds {@link #LIMIT}, has stayed above zero for at least
 * {@link #SUSTAINED} and three in four of the scores behind it lie on its side ({@link #AGREEING});
 * the sum is capped at twice the limit, so that once the drift stops the alarm ends within {@code
 * LIMIT / SLACK} points. The test watches slides that add up over days: three days are three points
 * of a daily series (fewer than the five any sum needs to pass the limit), 72 of an hourly one, 864
 * of a 5-minute metric. On a metric scraped every few minutes, errors that stray to one side for an
 * hour or two are the metric's own wander, which the per-point test judges: on the NAB-dev series
 * such alarms fell outside the labelled windows three times in four (BENCHMARKS.md). For
 * independent Gaussian scores a false alarm comes once in several thousand points per side.
 */
final class ChangeTest {
  /** Score per point that counts for nothing: half the smallest lasting shift watched (2σ). */
  static final double SLACK = 0.5;

  /**
   * The sum that raises an alarm: 10 rather than 8 halves its false alarms on metrics whose errors
   * wander (BENCHMARKS.md) and still alerts a 60% slide within its first half.
   */
  static final double LIMIT = 10.0;

  /** The most one score adds. */
  static final double CLIP = 3.0;

  /** How long a sum must have stayed above zero before it alarms. */
  static final Duration SUSTAINED = Duration.ofDays(3);

  /**
   * The least share of the scores behind a sum that lie on its side: a slide moves most points the
   * same way, while a few large errors among many small ones the other way (a skewed metric) are
   * not a slide.
   */
  static final double AGREEING = 0.75;

  /** Scores that estimate the autocorrelation, exponentially weighted. */
  static final int MEMORY = 200;

  private final double slack;
  private final double limit;
  private final int sustained;
  private double up;
  private double down;
  private double previous = Double.NaN;
  private double meanProduct;
  private double meanSquare;
  private int seen;
  private int added;
  private int upStart;
  private int downStart;
  private int upAgree;
  private int downAgree;

  /** The test for a series of this step. */
  ChangeTest(Duration step) {
    this(SLACK, LIMIT, sustainedPoints(step));
  }

  ChangeTest(double slack, double limit, int sustained) {
    this.slack = slack;
    this.limit = limit;
    this.sustained = sustained;
  }

  /** Points that span {@link #SUSTAINED} at this step, at least one. */
  static int sustainedPoints(Duration step) {
    long nanos = Math.max(1, step.toNanos());
    long points = (SUSTAINED.toNanos() + nanos - 1) / nanos;
    return (int) Math.max(1, Math.min(points, 100_000));
  }

  /** Adds a score; returns +1 while the rises add up to an alarm, -1 for falls, else 0. */
  int add(double score) {
    if (!Double.isFinite(score)) {
      return 0;
    }
    double clipped = Math.max(-CLIP, Math.min(CLIP, score));
    double scaled = clipped / widening();
    learn(clipped);
    if (up == 0) {
      upStart = added;
      upAgree = 0;
    }
    if (down == 0) {
      downStart = added;
      downAgree = 0;
    }
    upAgree += score > 0 ? 1 : 0;
    downAgree += score < 0 ? 1 : 0;
    added++;
    up = Math.min(2 * limit, Math.max(0, up + scaled - slack));
    down = Math.min(2 * limit, Math.max(0, down - scaled - slack));
    if (up > limit
        && up >= down
        && added - upStart >= sustained
        && upAgree >= AGREEING * (added - upStart)) {
      return 1;
    }
    if (down > limit
        && added - downStart >= sustained
        && downAgree >= AGREEING * (added - downStart)) {
      return -1;
    }
    return 0;
  }

  /** Starts the sums afresh: after a point the per-point test flagged, or a learnt shift. */
  void reset() {
    up = 0;
    down = 0;
  }

  /** How much wider sums of these scores spread than sums of independent ones, per point. */
  double widening() {
    if (seen < 20 || meanSquare <= 0) {
      return 1;
    }
    double rho = Math.max(0, Math.min(0.95, meanProduct / meanSquare));
    return Math.sqrt((1 + rho) / (1 - rho));
  }

  private void learn(double score) {
    double weight = 1.0 / Math.min(++seen, MEMORY);
    meanSquare += weight * (score * score - meanSquare);
    if (!Double.isNaN(previous)) {
      meanProduct += weight * (score * previous - meanProduct);
    }
    previous = score;
  }
}
