package io.tidemark.anomaly;

/**
 * A two-sided CUSUM on the scores, beside the per-point test: it notices points that are each
 * unremarkable but together stray to one side, as a slow collapse does while the forecast follows
 * it down. Each score is clipped first, so that one spike is not a run, and divided by how much the
 * scores' own autocorrelation widens their sums (for a lag-one correlation ρ, by √((1+ρ)/(1-ρ))),
 * so that a metric whose errors come in waves does not alarm on every wave while independent errors
 * (daily row counts) keep the full sensitivity.
 *
 * <p>A side is in alarm while its sum exceeds {@link #LIMIT}; the sum is capped at twice the limit,
 * so that once the drift stops the alarm ends within {@code LIMIT / SLACK} points. For independent
 * Gaussian scores a false alarm comes once in several thousand points per side.
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

  /** Scores that estimate the autocorrelation, exponentially weighted. */
  static final int MEMORY = 200;

  private final double slack;
  private final double limit;
  private double up;
  private double down;
  private double previous = Double.NaN;
  private double meanProduct;
  private double meanSquare;
  private int seen;

  ChangeTest() {
    this(SLACK, LIMIT);
  }

  ChangeTest(double slack, double limit) {
    this.slack = slack;
    this.limit = limit;
  }

  /** Adds a score; returns +1 while the rises add up to an alarm, -1 for falls, else 0. */
  int add(double score) {
    if (!Double.isFinite(score)) {
      return 0;
    }
    double clipped = Math.max(-CLIP, Math.min(CLIP, score));
    double scaled = clipped / widening();
    learn(clipped);
    up = Math.min(2 * limit, Math.max(0, up + scaled - slack));
    down = Math.min(2 * limit, Math.max(0, down - scaled - slack));
    if (up > limit && up >= down) {
      return 1;
    }
    if (down > limit) {
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
