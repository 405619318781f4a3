package io.tidemark.anomaly;

/**
 * The default model: a seasonal naive forecast from the same phase of the last {@link #CYCLES}
 * cycles, each rescaled by how the level moved since, combined robustly; errors are relative.
 *
 * <p>For point {@code t} with period {@code p} and each earlier cycle {@code k}, the candidate is
 * {@code y[t - k p] × mean(y over the c points before t) / mean(y over the c points before t - k
 * p)}. Both means cover the same phases, so the ratio is free of seasonality whatever {@code c} is,
 * and it carries the trend between the two cycles. The forecast is the mean of the middle half of
 * the candidates. {@code y} is the learnt series: observed values, with anomalies replaced by their
 * forecasts so that they never train later judgements. Prefix sums make each mean O(1), so a point
 * costs O(cycles) plus the {@link ResidualWindow} update, whatever the period. Without seasonality
 * (period 1) the candidates are simply the recent points.
 *
 * <p>Errors are relative ({@code (x - f) / f}), as row counts vary in proportion to their level;
 * the last {@link ResidualWindow} of them give the bias and spread. After an accepted level shift
 * the level means start at the shift, so the new level is learnt at once rather than over a cycle;
 * after an accepted change of one phase, that phase's candidates start at the change. For values
 * that are not positive it falls back to differences instead of ratios.
 */
final class SeasonalModel implements Model {
  /** Earlier cycles compared with: eight weeks of daily data with a weekly period. */
  static final int CYCLES = 8;

  private final double[] observed;
  private final int period;
  private final int levelWindow;
  private final double[] learnt;
  private final double[] prefix;
  private final ResidualWindow residuals;
  private final double[] candidates = new double[CYCLES];
  private final double[] recentValues;

  /** Per phase, the first point of its accepted seasonal change: earlier cycles are no guide. */
  private final int[] phaseStarts;

  /** The first point of the level accepted last. */
  private int regimeStart;

  private int learntCount;
  private double base = Double.NaN;

  /**
   * Whether the last forecast's level came from less than a whole level window (the series' first
   * points, or just after a level shift): its error says how the model starts, not how it does, and
   * is left out of the spread. A table filling from nothing is 50-100% above its first days'
   * average; those errors would bias every later forecast up.
   */
  private boolean partial;

  SeasonalModel(double[] observed, int period) {
    this.observed = observed;
    this.period = period;
    this.levelWindow = levelWindow(period);
    this.recentValues = new double[levelWindow];
    this.learnt = new double[observed.length];
    this.prefix = new double[observed.length + 1];
    this.residuals = new ResidualWindow(residualWindow(period));
    this.phaseStarts = new int[period];
  }

  /** Points in each level mean: a cycle, but at least a week of daily points and at most 28. */
  static int levelWindow(int period) {
    return Math.max(7, Math.min(period, 28));
  }

  static int residualWindow(int period) {
    return Math.max(28, Math.min(8 * period, 256));
  }

  /** The first point it can judge: one cycle plus one point, then enough errors for a spread. */
  static int minimumHistory(int period) {
    return period + 1 + ResidualWindow.MINIMUM;
  }

  @Override
  public Forecast forecast(int t) {
    if (period == 1) {
      return nonSeasonal(t);
    }
    int window = Math.min(levelWindow, Math.min(t - regimeStart, t - period));
    if (window < 1) {
      return null;
    }
    partial = window < levelWindow;
    double recent = (prefix[t] - prefix[t - window]) / window;
    int count = 0;
    int phaseStart = phaseStarts[t % period];
    for (int k = 1; k <= CYCLES; k++) {
      int then = t - k * period;
      if (then - window < 0 || then < phaseStart) {
        break;
      }
      double earlier = (prefix[then] - prefix[then - window]) / window;
      candidates[count++] =
          recent > 0 && earlier > 0
              ? learnt[then] * (recent / earlier)
              : learnt[then] + (recent - earlier);
    }
    return withSpread(Selection.middleMean(candidates, count));
  }

  /** Without seasonality every point is a cycle: the candidates are the recent points. */
  private Forecast nonSeasonal(int t) {
    int window = Math.min(levelWindow, t - regimeStart);
    if (window < 1) {
      return null;
    }
    partial = window < levelWindow;
    System.arraycopy(learnt, t - window, recentValues, 0, window);
    return withSpread(Selection.middleMean(recentValues, window));
  }

  private Forecast withSpread(double forecast) {
    base = forecast;
    if (!residuals.ready()) {
      return Forecast.linear(base, Double.NaN);
    }
    double scale = Math.abs(base);
    return Forecast.linear(base * (1 + residuals.median()), scale * residuals.sigma());
  }

  @Override
  public void learn(int t, double value, boolean normal) {
    if (normal && !partial && Double.isFinite(base) && base != 0) {
      residuals.add((value - base) / Math.abs(base));
    }
    set(t, value);
    learntCount = t + 1;
    base = Double.NaN;
  }

  @Override
  public void acceptShift(int from, int to) {
    // Only points already learnt are rewritten, so no prefix beyond to + 1 exists yet.
    for (int i = from; i <= to; i++) {
      if (Model.learnable(observed[i])) {
        set(i, observed[i]);
      } else {
        set(i, learnt[i]);
      }
    }
    regimeStart = from;
  }

  @Override
  public void acceptSeasonalShift(int last, int cycles) {
    int first = last - (cycles - 1) * period;
    for (int i = first; i <= last; i += period) {
      if (Model.learnable(observed[i])) {
        learnt[i] = observed[i];
      }
    }
    phaseStarts[last % period] = first;
    // Earlier points changed: every prefix after the first of them moves.
    for (int i = first; i < learntCount; i++) {
      prefix[i + 1] = prefix[i] + learnt[i];
    }
  }

  private void set(int index, double value) {
    learnt[index] = value;
    prefix[index + 1] = prefix[index] + value;
  }
}
