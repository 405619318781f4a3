package io.tidemark.anomaly;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a detector judges.
 *
 * @param sensitivity how many robust standard deviations a value may stray from the expected one
 *     before it is an anomaly; lower flags more (the convention of dbt's Elementary {@code
 *     anomaly_sensitivity})
 * @param direction which departures are reported; learning always watches both
 * @param period the seasonal period, or auto
 * @param minimumHistory points before the first judgement; a detector may need more (two cycles for
 *     Holt-Winters), never fewer. Before it a point is not judged, and only the zero and missing
 *     rules flag it
 * @param relearnAfter consecutive anomalies in one direction after which the detector takes them
 *     for a level shift and learns the new level instead of excluding them
 * @param quiet normal points after which an anomaly is a new alert (see {@link Onsets}); {@link
 *     #AUTO_QUIET} for {@link #quietPoints(Duration) three hours' worth, at least five}
 */
public record DetectorSettings(
    double sensitivity,
    Direction direction,
    SeasonalPeriod period,
    int minimumHistory,
    int relearnAfter,
    int quiet) {
  public static final double DEFAULT_SENSITIVITY = 3.5;
  public static final int DEFAULT_MINIMUM_HISTORY = 14;
  public static final int DEFAULT_RELEARN_AFTER = 3;

  /** The quiet stretch follows the series' step: see {@link #quietPoints(Duration)}. */
  public static final int AUTO_QUIET = 0;

  public static final int DEFAULT_QUIET = AUTO_QUIET;

  /** The least quiet stretch, in points: five days of daily partitions. */
  static final int MINIMUM_QUIET = 5;

  /** The quiet stretch of a metric: an anomaly that comes back within hours is the same one. */
  static final Duration QUIET_TIME = Duration.ofHours(3);

  public DetectorSettings {
    requireNonNull(direction, "direction is null");
    requireNonNull(period, "period is null");
    if (!(sensitivity > 0) || Double.isInfinite(sensitivity)) {
      throw new IllegalArgumentException("sensitivity must be positive, not " + sensitivity);
    }
    if (minimumHistory < 1) {
      throw new IllegalArgumentException(
          "minimumHistory must be at least 1, not " + minimumHistory);
    }
    if (relearnAfter < 1) {
      throw new IllegalArgumentException("relearnAfter must be at least 1, not " + relearnAfter);
    }
    if (quiet < 0) {
      throw new IllegalArgumentException("quiet must be 0 (auto) or more, not " + quiet);
    }
  }

  /** Zero configuration: auto period, both directions, the default sensitivity. */
  public static DetectorSettings defaults() {
    return new DetectorSettings(
        DEFAULT_SENSITIVITY,
        Direction.BOTH,
        SeasonalPeriod.auto(),
        DEFAULT_MINIMUM_HISTORY,
        DEFAULT_RELEARN_AFTER,
        DEFAULT_QUIET);
  }

  public DetectorSettings withSensitivity(double value) {
    return new DetectorSettings(value, direction, period, minimumHistory, relearnAfter, quiet);
  }

  public DetectorSettings withDirection(Direction value) {
    return new DetectorSettings(sensitivity, value, period, minimumHistory, relearnAfter, quiet);
  }

  public DetectorSettings withPeriod(SeasonalPeriod value) {
    return new DetectorSettings(sensitivity, direction, value, minimumHistory, relearnAfter, quiet);
  }

  public DetectorSettings withMinimumHistory(int value) {
    return new DetectorSettings(sensitivity, direction, period, value, relearnAfter, quiet);
  }

  public DetectorSettings withRelearnAfter(int value) {
    return new DetectorSettings(sensitivity, direction, period, minimumHistory, value, quiet);
  }

  public DetectorSettings withQuiet(int value) {
    return new DetectorSettings(
        sensitivity, direction, period, minimumHistory, relearnAfter, value);
  }

  /**
   * How long a metric's alert silences the next ones (see {@link Onsets}): an incident and the
   * hours of turbulence after it are one alert. Tables have none: each partition is its own load.
   */
  public static final Duration HOLD_TIME = Duration.ofHours(16);

  /**
   * How much closer a held metric's band sits than {@link #sensitivity}: its repeats are silenced
   * by the hold, so a tighter band catches more incidents without more alerts. Chosen on the
   * NAB-dev series (BENCHMARKS.md: 3.5 for a 5-minute metric scored 37.0, 3.0 scored 47.6; 2.75 to
   * 3.1 all scored 47–49); tables and daily metrics, which have no hold, keep the sensitivity.
   */
  public static final double HELD_EASING = 0.5;

  /**
   * The sensitivity a series is judged with, given how many points its alerts are held ({@link
   * #holdPoints}): the sensitivity itself without a hold, {@link #HELD_EASING} less with one (never
   * below half of it).
   */
  public double sensitivityHeld(int holdPoints) {
    return holdPoints > 0 ? Math.max(sensitivity / 2, sensitivity - HELD_EASING) : sensitivity;
  }

  /** Points after a metric's alert that raise no new alert, for a series of this step. */
  public static int holdPoints(Duration step) {
    long points = HOLD_TIME.toNanos() / Math.max(1, step.toNanos());
    return (int) Math.min(points, 100_000);
  }

  /** Normal points after which an anomaly is a new alert, for a series of this step. */
  public int quietPoints(Duration step) {
    if (quiet != AUTO_QUIET) {
      return quiet;
    }
    long points = QUIET_TIME.toNanos() / Math.max(1, step.toNanos());
    return (int) Math.max(MINIMUM_QUIET, Math.min(points, 10_000));
  }
}
