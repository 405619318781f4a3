package io.tidemark.bench;

import io.tidemark.anomaly.Series;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Realistic row-count series with labelled anomalies, seeded. A series is the product of
 *
 * <ul>
 *   <li>a level, log-uniform (daily 1e3..1e7 rows, hourly 1e2..1e6);
 *   <li>a trend of -20%..+80% a year, and a slow random walk of the level (0.3% a day);
 *   <li>a weekly profile: business-like (weekends at 35-70%), consumer-like (weekends at 105-130%)
 *       or flat, each weekday perturbed by up to ±5%;
 *   <li>for hourly data a daily profile (night trough, afternoon or evening peak, 30-80% swing);
 *   <li>a mild yearly wave (up to ±10%) for daily data;
 *   <li>holidays (Jan 1, Dec 24, 25 and 31, and two company days a year), where business-like
 *       series fall to 30-60% and others move to 70-140%: labelled {@link Label#HOLIDAY}, neither
 *       normal nor anomalous, since no detector here knows the calendar;
 *   <li>multiplicative noise with a coefficient of variation of 3-8% (drawn per series), plus
 *       Poisson noise.
 * </ul>
 *
 * <p>Anomalies are planted after a warm-up (8 weeks of daily data, 3 weeks of hourly), at least
 * {@link #SPACING} points apart, away from holidays: spikes (×1.2..×2.5), drops (to 10-80%), a
 * level shift (×0.5..0.75 or ×1.35..2, permanent; only its first {@link #SHIFT_LABELLED} points are
 * labelled, the later ones are normal: a detector that has not re-learnt by then pays in false
 * alarms), zero loads, duplicated loads (×2) and missing partitions ({@code NaN}). Hourly spikes
 * and drops last one or two hours.
 */
final class LabelledSeriesGenerator {
  static final int SPACING = 6;
  static final int SHIFT_LABELLED = 3;

  enum Label {
    NORMAL,
    /** Before the evaluation starts. */
    WARM_UP,
    HOLIDAY,
    SPIKE,
    DROP,
    LEVEL_SHIFT,
    ZERO_LOAD,
    DUPLICATED_LOAD,
    MISSING_PARTITION;

    boolean anomaly() {
      return ordinal() >= SPIKE.ordinal();
    }
  }

  static final List<Label> ANOMALIES =
      List.of(
          Label.SPIKE,
          Label.DROP,
          Label.LEVEL_SHIFT,
          Label.ZERO_LOAD,
          Label.DUPLICATED_LOAD,
          Label.MISSING_PARTITION);

  /**
   * A series with a label and, for anomalies, the relative move of each point: |planted / clean -
   * 1|.
   */
  record Labelled(String name, Series series, Label[] labels, double[] moves) {}

  enum Grain {
    DAILY(Duration.ofDays(1), 730, 56, 10, LocalDateTime.of(2023, 1, 2, 0, 0)),
    HOURLY(Duration.ofHours(1), 90 * 24, 21 * 24, 12, LocalDateTime.of(2024, 10, 1, 0, 0));

    final Duration step;
    final int points;
    final int warmUp;
    final int anomalies;
    final LocalDateTime start;

    Grain(Duration step, int points, int warmUp, int anomalies, LocalDateTime start) {
      this.step = step;
      this.points = points;
      this.warmUp = warmUp;
      this.anomalies = anomalies;
      this.start = start;
    }
  }

  private static final Set<MonthDay> PUBLIC_HOLIDAYS =
      Set.of(MonthDay.of(1, 1), MonthDay.of(12, 24), MonthDay.of(12, 25), MonthDay.of(12, 31));

  private final Random random;

  LabelledSeriesGenerator(long seed) {
    this.random = new Random(seed);
  }

  Labelled next(Grain grain, int number) {
    int size = grain.points;
    boolean hourly = grain == Grain.HOURLY;
    double level = Math.exp(uniform(Math.log(hourly ? 1e2 : 1e3), Math.log(hourly ? 1e6 : 1e7)));
    double growth = uniform(-0.2, 0.8);
    double cv = uniform(0.03, 0.08);
    double[] weekly = weeklyProfile();
    boolean business = weekly[5] < 0.9;
    double yearlyAmplitude = hourly ? 0 : uniform(0, 0.1);
    double yearlyPhase = uniform(0, 2 * Math.PI);
    double dailySwing = uniform(0.3, 0.8);
    double peakHour = uniform(12, 20);
    Set<LocalDate> holidays = holidays(grain);
    double holidayLow = business ? uniform(0.3, 0.6) : uniform(0.7, 1.4);

    double[] clean = new double[size];
    Label[] labels = new Label[size];
    double walk = 0;
    for (int i = 0; i < size; i++) {
      LocalDateTime time = grain.start.plus(grain.step.multipliedBy(i));
      double days = Duration.between(grain.start, time).toHours() / 24.0;
      if (time.getHour() == 0) {
        walk += random.nextGaussian() * 0.003;
      }
      double mean = level * Math.exp(walk) * Math.pow(1 + growth, days / 365.0);
      mean *= weekly[time.getDayOfWeek().getValue() - 1];
      mean *=
          1 + yearlyAmplitude * Math.sin(2 * Math.PI * time.getDayOfYear() / 365.25 + yearlyPhase);
      if (hourly) {
        double phase = 2 * Math.PI * (time.getHour() - peakHour) / 24;
        mean *= 1 + dailySwing * (0.8 * Math.cos(phase) + 0.2 * Math.cos(2 * phase));
      }
      labels[i] = i < grain.warmUp ? Label.WARM_UP : Label.NORMAL;
      if (holidays.contains(time.toLocalDate())) {
        mean *= holidayLow;
        if (labels[i] == Label.NORMAL) {
          labels[i] = Label.HOLIDAY;
        }
      }
      double noisy = mean * Math.exp(cv * random.nextGaussian() - cv * cv / 2);
      noisy += Math.sqrt(noisy) * random.nextGaussian();
      clean[i] = Math.max(1, Math.round(noisy));
    }

    double[] values = clean.clone();
    double[] moves = new double[size];
    plant(grain, values, clean, labels, moves);
    Instant start = grain.start.toInstant(ZoneOffset.UTC);
    return new Labelled(
        grain.name().toLowerCase() + "-" + number,
        Series.regular(start, grain.step, values),
        labels,
        moves);
  }

  private void plant(Grain grain, double[] values, double[] clean, Label[] labels, double[] moves) {
    int size = values.length;
    boolean hourly = grain == Grain.HOURLY;
    boolean shifted = false;
    int planted = 0;
    int attempts = 0;
    while (planted < grain.anomalies && attempts++ < 10_000) {
      Label type = ANOMALIES.get(random.nextInt(ANOMALIES.size()));
      if (type == Label.LEVEL_SHIFT && shifted) {
        continue;
      }
      int length =
          (type == Label.SPIKE || type == Label.DROP) && hourly ? 1 + random.nextInt(2) : 1;
      if (type == Label.LEVEL_SHIFT) {
        length = SHIFT_LABELLED;
      }
      int at = grain.warmUp + random.nextInt(size - grain.warmUp - length);
      if (!free(labels, at - SPACING, at + length + SPACING)) {
        continue;
      }
      double factor =
          switch (type) {
            case SPIKE -> 1 + uniform(0.2, 1.5);
            case DROP -> 1 - uniform(0.2, 0.9);
            case LEVEL_SHIFT -> random.nextBoolean() ? uniform(0.5, 0.75) : uniform(1.35, 2.0);
            case ZERO_LOAD -> 0;
            case DUPLICATED_LOAD -> 2;
            default -> Double.NaN;
          };
      if (type == Label.LEVEL_SHIFT) {
        for (int i = at; i < size; i++) {
          if (labels[i] != Label.ZERO_LOAD && labels[i] != Label.MISSING_PARTITION) {
            values[i] = Math.max(1, Math.round(values[i] * factor));
          }
          clean[i] = Math.max(1, Math.round(clean[i] * factor));
        }
        shifted = true;
      }
      for (int i = at; i < at + length; i++) {
        labels[i] = type;
        moves[i] = Double.isNaN(factor) ? 1 : Math.abs(factor - 1);
        if (type != Label.LEVEL_SHIFT) {
          values[i] = Double.isNaN(factor) ? Double.NaN : Math.round(values[i] * factor);
        }
      }
      planted++;
    }
  }

  private static boolean free(Label[] labels, int from, int to) {
    for (int i = Math.max(0, from); i < Math.min(labels.length, to); i++) {
      if (labels[i] != Label.NORMAL) {
        return false;
      }
    }
    return from >= 0 && to <= labels.length;
  }

  private double[] weeklyProfile() {
    double kind = random.nextDouble();
    double weekend = kind < 0.5 ? uniform(0.35, 0.7) : kind < 0.8 ? uniform(1.05, 1.3) : 1;
    double[] profile = new double[7];
    for (DayOfWeek day : DayOfWeek.values()) {
      double base = day.getValue() >= 6 ? weekend : 1;
      profile[day.getValue() - 1] = base * (1 + uniform(-0.05, 0.05));
    }
    return profile;
  }

  private Set<LocalDate> holidays(Grain grain) {
    Set<LocalDate> days = new HashSet<>();
    LocalDate first = grain.start.toLocalDate();
    LocalDate last = grain.start.plus(grain.step.multipliedBy(grain.points)).toLocalDate();
    for (int year = first.getYear(); year <= last.getYear(); year++) {
      for (MonthDay day : PUBLIC_HOLIDAYS) {
        days.add(day.atYear(year));
      }
      for (int i = 0; i < 2; i++) {
        days.add(LocalDate.of(year, 1, 1).plusDays(random.nextInt(365)));
      }
    }
    return days;
  }

  private double uniform(double low, double high) {
    return low + (high - low) * random.nextDouble();
  }
}
