package io.tidemark.anomaly;

/**
 * Relative rate of change: the point against the learnt point one period earlier (the previous
 * point when there is no seasonality), judged by the robust spread of past relative changes. The
 * simplest model that still respects seasonality; it needs positive values.
 */
final class RateOfChangeModel implements Model {
  private final double[] observed;
  private final int period;
  private final double[] learnt;
  private final ResidualWindow changes;
  private double reference = Double.NaN;

  RateOfChangeModel(double[] observed, int period) {
    this.observed = observed;
    this.period = period;
    this.learnt = new double[observed.length];
    this.changes = new ResidualWindow(SeasonalModel.residualWindow(period));
  }

  static int minimumHistory(int period) {
    return period + ResidualWindow.MINIMUM;
  }

  @Override
  public Forecast forecast(int t) {
    reference = t >= period ? learnt[t - period] : Double.NaN;
    if (!(reference > 0)) {
      return null;
    }
    if (!changes.ready()) {
      return Forecast.linear(reference, Double.NaN);
    }
    return Forecast.linear(reference * (1 + changes.median()), reference * changes.sigma());
  }

  @Override
  public void learn(int t, double value, boolean normal) {
    if (normal && reference > 0) {
      changes.add(value / reference - 1);
    }
    learnt[t] = value;
    reference = Double.NaN;
  }

  @Override
  public void acceptShift(int from, int to) {
    for (int i = from; i <= to; i++) {
      if (Model.learnable(observed[i])) {
        learnt[i] = observed[i];
      }
    }
  }

  @Override
  public void acceptSeasonalShift(int last, int cycles) {
    for (int c = 0; c < cycles; c++) {
      if (Model.learnable(observed[last - c * period])) {
        learnt[last - c * period] = observed[last - c * period];
      }
    }
  }
}
