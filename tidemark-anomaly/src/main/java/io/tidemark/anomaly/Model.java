package io.tidemark.anomaly;

/**
 * A forecaster that sees a series one point at a time, in order. It is created over the observed
 * values but reads an observed value only once it has been asked to learn that point, so nothing it
 * forecasts depends on later points.
 */
interface Model {
  /** The forecast for point {@code index}, all points before it learnt; null if it cannot yet. */
  Forecast forecast(int index);

  /**
   * Learns point {@code index}, the one just forecast.
   *
   * @param value the observed value, or the replacement the detector chose for an anomaly
   * @param normal whether {@code value} is an observed, normal value whose error the model may use
   *     to estimate its spread
   */
  void learn(int index, double value, boolean normal);

  /**
   * The points {@code from..to}, learnt as replacements, turned out to start a level shift: learn
   * their observed values instead, so the forecasts follow the new level.
   */
  void acceptShift(int from, int to);

  /**
   * The points {@code last}, {@code last - period}, ... ({@code cycles} of them, one phase of
   * consecutive cycles), learnt as replacements, turned out to start a change of that phase's
   * seasonal level (a job that now runs on Mondays): learn their observed values instead.
   */
  void acceptSeasonalShift(int last, int cycles);

  /**
   * Whether an observed value can replace what a model learnt at a point: a missing value cannot,
   * nor a zero, which is either an anomaly or, where zeros are common, not part of the level.
   */
  static boolean learnable(double value) {
    return Double.isFinite(value) && value != 0;
  }
}
