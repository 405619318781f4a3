package io.tidemark.anomaly;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * A regular time series: one value at {@code start}, {@code start + step}, {@code start + 2 step},
 * and so on. A {@code NaN} value marks a missing point, which its {@link SeriesKind} makes an
 * anomaly (a partition that was never loaded) or a gap (a scrape that failed); every other value is
 * finite. Irregular input becomes a series through {@link Regulariser}. Immutable.
 */
public final class Series {
  private final SeriesKind kind;
  private final Instant start;
  private final Duration step;
  private final double[] values;

  private Series(SeriesKind kind, Instant start, Duration step, double[] values) {
    this.kind = kind;
    this.start = start;
    this.step = step;
    this.values = values;
  }

  /** A table's row counts, one per partition {@code step} apart, starting at {@code start}. */
  public static Series regular(Instant start, Duration step, double[] values) {
    return regular(SeriesKind.TABLE, start, step, values);
  }

  /** A series of this kind whose points are {@code step} apart, starting at {@code start}. */
  public static Series regular(SeriesKind kind, Instant start, Duration step, double[] values) {
    requireNonNull(kind, "kind is null");
    requireNonNull(start, "start is null");
    requireNonNull(step, "step is null");
    requireNonNull(values, "values is null");
    if (step.isNegative() || step.isZero()) {
      throw invalid("the step must be positive, not " + step);
    }
    if (values.length == 0) {
      throw invalid("a series needs at least one point");
    }
    for (int i = 0; i < values.length; i++) {
      if (Double.isInfinite(values[i])) {
        throw invalid("point " + i + ": the value is infinite");
      }
    }
    return new Series(kind, start, step, values.clone());
  }

  public SeriesKind kind() {
    return kind;
  }

  public Instant start() {
    return start;
  }

  public Duration step() {
    return step;
  }

  public int size() {
    return values.length;
  }

  public Instant timestamp(int index) {
    return start.plus(step.multipliedBy(index));
  }

  public double value(int index) {
    return values[index];
  }

  /** A copy of the values. */
  public double[] values() {
    return values.clone();
  }

  /** The values without a copy, for the detectors of this package, which never write to them. */
  double[] valuesView() {
    return values;
  }

  /** The first {@code count} points. */
  public Series head(int count) {
    if (count < 1 || count > values.length) {
      throw new IllegalArgumentException("count must be in 1.." + values.length + ", not " + count);
    }
    return count == values.length
        ? this
        : new Series(kind, start, step, Arrays.copyOf(values, count));
  }

  @Override
  public String toString() {
    return "Series["
        + kind.label()
        + ", "
        + values.length
        + " points from "
        + start
        + " every "
        + step
        + "]";
  }

  private static IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException(message);
  }
}
