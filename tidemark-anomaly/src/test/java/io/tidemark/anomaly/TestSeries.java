package io.tidemark.anomaly;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;

/** Seeded row-count series for the detector tests: level, trend, cycles, noise. */
final class TestSeries {
  static final Instant MONDAY = LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);

  private Instant start = MONDAY;
  private Duration step = Duration.ofDays(1);
  private int points = 365;
  private double level = 100_000;
  private double growthPerPoint;
  private double weekend = 1;
  private double dailySwing;
  private double noise = 0.05;
  private long seed = 1;

  static TestSeries daily(int days) {
    TestSeries series = new TestSeries();
    series.points = days;
    return series;
  }

  static TestSeries hourly(int hours) {
    TestSeries series = new TestSeries();
    series.step = Duration.ofHours(1);
    series.points = hours;
    return series;
  }

  static TestSeries fiveMinutes(int points) {
    TestSeries series = new TestSeries();
    series.step = Duration.ofMinutes(5);
    series.points = points;
    return series;
  }

  /** The first point's time (a Monday by default). */
  TestSeries startingAt(Instant value) {
    this.start = value;
    return this;
  }

  /** Weekends at this share of weekdays. */
  TestSeries weekend(double share) {
    this.weekend = share;
    return this;
  }

  /** A daily cycle: values swing by this share around the mean, peaking mid-afternoon. */
  TestSeries dailySwing(double share) {
    this.dailySwing = share;
    return this;
  }

  /** Growth over the whole series, as a share of the starting level. */
  TestSeries growth(double share) {
    this.growthPerPoint = share / points;
    return this;
  }

  TestSeries noise(double coefficientOfVariation) {
    this.noise = coefficientOfVariation;
    return this;
  }

  TestSeries seed(long value) {
    this.seed = value;
    return this;
  }

  double[] values() {
    Random random = new Random(seed);
    double[] values = new double[points];
    for (int i = 0; i < points; i++) {
      LocalDateTime time =
          LocalDateTime.ofInstant(start.plus(step.multipliedBy(i)), ZoneOffset.UTC);
      double mean = level * (1 + growthPerPoint * i);
      if (time.getDayOfWeek() == DayOfWeek.SATURDAY || time.getDayOfWeek() == DayOfWeek.SUNDAY) {
        mean *= weekend;
      }
      double hour = time.getHour() + time.getMinute() / 60.0;
      mean *= 1 + dailySwing * Math.cos(2 * Math.PI * (hour - 15) / 24);
      values[i] = Math.max(1, Math.round(mean * (1 + noise * random.nextGaussian())));
    }
    return values;
  }

  Series series() {
    return series(values());
  }

  Series series(double[] values) {
    return Series.regular(start, step, values);
  }
}
