package io.tidemark.anomaly;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A detector's judgement of one point, made from the points before it only.
 *
 * @param alert whether an anomaly begins here (see {@link Onsets}): what alerts count, while {@link
 *     #anomalous()} holds on every point of it
 * @param expected the value the detector expected; {@code NaN} when the point was not judged
 * @param expectedLow the lowest value it would have called normal; {@code NaN} when not judged
 * @param expectedHigh the highest value it would have called normal; {@code NaN} when not judged
 * @param score how far the value is from the expected one, in robust standard deviations of the
 *     history's errors (signed: negative is below); {@code NaN} when not judged
 */
public record Judgement(
    Instant timestamp,
    double value,
    Verdict verdict,
    boolean alert,
    double expected,
    double expectedLow,
    double expectedHigh,
    double score) {
  public Judgement {
    requireNonNull(timestamp, "timestamp is null");
    requireNonNull(verdict, "verdict is null");
    if (alert && !verdict.anomalous()) {
      throw new IllegalArgumentException("a " + verdict.label() + " point cannot be an alert");
    }
  }

  public boolean anomalous() {
    return verdict.anomalous();
  }

  public boolean judged() {
    return verdict != Verdict.NOT_JUDGED;
  }
}
