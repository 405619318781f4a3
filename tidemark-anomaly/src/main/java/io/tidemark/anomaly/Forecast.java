package io.tidemark.anomaly;

/**
 * A model's expectation for the next point.
 *
 * @param expected the expected value
 * @param spread a robust standard deviation of the model's errors, in the value's units; {@code
 *     NaN} while the model has seen too few errors to say
 */
record Forecast(double expected, double spread) {}
