package io.tidemark.anomaly;

/**
 * A model's expectation for the next point.
 *
 * @param expected the expected value
 * @param spread a robust standard deviation of the model's errors, in the value's units; {@code
 *     NaN} while the model has seen too few errors to say
 */
record Forecast(double expected, double spread) {
  static Forecast linear(double expected, double spread) {
    return new Forecast(expected, spread);
  }

  /** The score of a value, given the spread to use: how many spreads it lies from the expected. */
  double score(double value, double spread) {
    return (value - expected) / spread;
  }

  /** The value whose score is {@code score}, given the spread to use. */
  double value(double score, double spread) {
    return expected + score * spread;
  }
}
