package io.tidemark.anomaly;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A regular time series: one value at {@code start}, {@code start + step}, {@code start + 2 step},
 * and so on. A {@code NaN} value marks a missing point (a partition that was never loaded); every
 * other value is finite. Immutable.
 */
public final class Series {
  private final Instant start;
  private final Duration step;
  private final double[] values;

  private Series(Instant start, Duration step, double[] values) {
    this.start = start;
    this.step = step;
    this.values = values;
  }

  /** A series whose points are {@code step} apart, starting at {@code start}. */
  public static Series regular(Instant start, Duration step, double[] values) {
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
    return new Series(start, step, values.clone());
  }

  /**
   * A series from its points; the timestamps must be strictly increasing and evenly spaced. Errors
   * name the offending point's index.
   */
  public static Series of(List<Instant> timestamps, double[] values) {
    requireNonNull(timestamps, "timestamps is null");
    requireNonNull(values, "values is null");
    if (timestamps.size() != values.length) {
      throw invalid(timestamps.size() + " timestamps but " + values.length + " values");
    }
    Builder builder = builder();
    for (int i = 0; i < values.length; i++) {
      try {
        builder.add(timestamps.get(i), values[i]);
      } catch (IllegalArgumentException e) {
        throw invalid("point " + i + ": " + e.getMessage());
      }
    }
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
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
    return count == values.length ? this : new Series(start, step, Arrays.copyOf(values, count));
  }

  @Override
  public String toString() {
    return "Series[" + values.length + " points from " + start + " every " + step + "]";
  }

  private static IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException(message);
  }

  /**
   * Collects points one at a time and checks each as it comes, so a reader can name the line of the
   * first bad one. The step is the distance between the first two points.
   */
  public static final class Builder {
    private Instant start;
    private Instant last;
    private Duration step;
    private double[] values = new double[64];
    private int size;

    private Builder() {}

    /**
     * Adds the next point.
     *
     * @throws IllegalArgumentException if the timestamp is not after the previous one, breaks the
     *     step, or the value is infinite; the message names the timestamps
     */
    public Builder add(Instant timestamp, double value) {
      requireNonNull(timestamp, "timestamp is null");
      if (Double.isInfinite(value)) {
        throw invalid("the value is infinite");
      }
      if (last != null) {
        if (!timestamp.isAfter(last)) {
          throw invalid("timestamp " + timestamp + " is not after the previous one, " + last);
        }
        Duration distance = Duration.between(last, timestamp);
        if (step == null) {
          step = distance;
        } else if (!distance.equals(step)) {
          throw invalid(irregular(distance));
        }
      } else {
        start = timestamp;
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
      last = timestamp;
      return this;
    }

    public int size() {
      return size;
    }

    /** The series; it needs at least two points, since the step is learnt from the first two. */
    public Series build() {
      if (size < 2) {
        throw invalid("a series needs at least two points to know its step, got " + size);
      }
      return new Series(start, step, Arrays.copyOf(values, size));
    }

    private String irregular(Duration distance) {
      String base =
          "irregular series: "
              + Steps.describe(distance)
              + " after the previous point ("
              + last
              + "), but the step is "
              + Steps.describe(step);
      long missing = distance.toNanos() / step.toNanos() - 1;
      if (distance.compareTo(step) > 0 && distance.toNanos() % step.toNanos() == 0) {
        return base + ": " + missing + " point" + (missing == 1 ? "" : "s") + " missing";
      }
      return base;
    }
  }
}
