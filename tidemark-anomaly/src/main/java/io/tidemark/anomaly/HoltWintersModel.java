package io.tidemark.anomaly;

/**
 * Additive Holt-Winters (level, trend, one seasonal term per phase) with fixed smoothing constants,
 * started from the first two cycles. Anomalies are learnt as their forecasts, so they do not pull
 * the state; the spread is the robust spread of its last absolute errors. Works for any sign of
 * values; its seasonal amplitude does not scale with the level.
 */
final class HoltWintersModel implements Model {
  static final double ALPHA = 0.2;
  static final double BETA = 0.02;
  static final double GAMMA = 0.15;

  private final double[] observed;
  private final int period;
  private final double[] seasonal;
  private final double[] learnt;
  private final double[] forecasts;
  private final ResidualWindow residuals;
  private boolean started;
  private double level;
  private double trend;

  HoltWintersModel(double[] observed, int period) {
    this.observed = observed;
    this.period = period;
    this.seasonal = new double[period];
    this.learnt = new double[observed.length];
    this.forecasts = new double[observed.length];
    this.residuals = new ResidualWindow(SeasonalModel.residualWindow(period));
  }

  /** Two cycles to start from, then enough errors for a spread. */
  static int minimumHistory(int period) {
    return 2 * Math.max(period, 2) + ResidualWindow.MINIMUM;
  }

  private int startAfter() {
    return 2 * Math.max(period, 2);
  }

  @Override
  public Forecast forecast(int t) {
    if (!started) {
      return null;
    }
    double base = level + trend + seasonal[t % period];
    forecasts[t] = base;
    if (!residuals.ready()) {
      return Forecast.linear(base, Double.NaN);
    }
    return Forecast.linear(base + residuals.median(), residuals.sigma());
  }

  @Override
  public void learn(int t, double value, boolean normal) {
    learnt[t] = value;
    if (!started) {
      if (t + 1 == startAfter()) {
        start(t + 1);
      }
      return;
    }
    if (normal) {
      residuals.add(value - forecasts[t]);
    }
    int phase = t % period;
    double previousLevel = level;
    level = ALPHA * (value - seasonal[phase]) + (1 - ALPHA) * (level + trend);
    trend = BETA * (level - previousLevel) + (1 - BETA) * trend;
    seasonal[phase] = GAMMA * (value - level) + (1 - GAMMA) * seasonal[phase];
  }

  @Override
  public void acceptShift(int from, int to) {
    if (!started) {
      return;
    }
    // The run was learnt as its forecasts; move the level by its typical error instead.
    double[] errors = new double[to - from + 1];
    int count = 0;
    for (int i = from; i <= to; i++) {
      if (Model.learnable(observed[i])) {
        errors[count++] = observed[i] - forecasts[i];
        learnt[i] = observed[i];
      }
    }
    if (count > 0) {
      level += Selection.median(errors, count);
    }
  }

  @Override
  public void acceptSeasonalShift(int last, int cycles) {
    if (!started) {
      return;
    }
    double[] errors = new double[cycles];
    int count = 0;
    for (int c = 0; c < cycles; c++) {
      int i = last - c * period;
      if (Model.learnable(observed[i])) {
        errors[count++] = observed[i] - forecasts[i];
        learnt[i] = observed[i];
      }
    }
    if (count > 0) {
      seasonal[last % period] += Selection.median(errors, count);
    }
  }

  /** Level and trend from the means of the first two cycles; seasonal terms from both. */
  private void start(int count) {
    int cycle = count / 2;
    double first = mean(0, cycle);
    double second = mean(cycle, count);
    trend = (second - first) / cycle;
    level = second + trend * (cycle - 1) / 2.0;
    for (int i = 0; i < count; i++) {
      double cycleMean = i < cycle ? first : second;
      seasonal[i % period] += (learnt[i] - cycleMean) / (count / period);
    }
    started = true;
  }

  private double mean(int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += learnt[i];
    }
    return sum / (to - from);
  }
}
