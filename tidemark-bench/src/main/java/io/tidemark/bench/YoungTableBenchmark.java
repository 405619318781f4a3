package io.tidemark.bench;

import io.tidemark.anomaly.Detector;
import io.tidemark.anomaly.DetectorSettings;
import io.tidemark.anomaly.DetectorType;
import io.tidemark.anomaly.Judgement;
import io.tidemark.anomaly.Series;
import io.tidemark.anomaly.Verdict;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The volume check on young tables: daily row counts with 3 to 13 partitions of history, judged as
 * a check judges them (the default detector, {@code judgeLast} on the history up to the day).
 *
 * <p>Series (seeded): a level log-uniform in 1e3..1e7 rows; a weekly profile business-like
 * (weekends at 35-70%), consumer-like (105-130%) or flat, each weekday perturbed by up to ±5% (as
 * {@link LabelledSeriesGenerator}); a trend of -20%..+80% a year; multiplicative noise with a
 * coefficient of variation drawn from 3-8% per series, plus Poisson noise; the first day on a
 * random weekday. Measured:
 *
 * <ul>
 *   <li>false alarms: clean days flagged, per number of partitions of history;
 *   <li>recall: the same day dropped by 30, 50, 70 and 90%, and doubled, flagged (low, high);
 *   <li>the second partition 5% larger: flagged or not;
 *   <li>baseline, same series: a plain z-score of the raw counts against the days before (mean and
 *       standard deviation, beyond 3σ), the rule a team writes first.
 * </ul>
 *
 * <p>Usage: {@code java -cp CP io.tidemark.bench.YoungTableBenchmark [SERIES] [SEED]}.
 */
public final class YoungTableBenchmark {
  private YoungTableBenchmark() {}

  static final int FIRST = 3;
  static final int LAST = 13;
  static final double[] DROPS = {0.3, 0.5, 0.7, 0.9};

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
    Random random = new Random(seed);
    Detector detector = DetectorType.SEASONAL.create(DetectorSettings.defaults());
    int sizes = LAST + 1;
    long[] judged = new long[sizes];
    long[] falseAlarms = new long[sizes];
    long[] baselineFalse = new long[sizes];
    long[][] dropFlagged = new long[DROPS.length][sizes];
    long[][] baselineDrop = new long[DROPS.length][sizes];
    long[] spikeFlagged = new long[sizes];
    long secondFlagged = 0;
    long start = System.nanoTime();
    for (int s = 0; s < count; s++) {
      LocalDate first = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(7));
      double[] clean = series(random, first, sizes + 1);
      Instant at = first.atStartOfDay().toInstant(ZoneOffset.UTC);
      List<Judgement> all = detector.score(Series.regular(at, Duration.ofDays(1), clean));
      double[] second = java.util.Arrays.copyOf(clean, 2);
      second[1] = clean[0] * 1.05;
      if (detector.judgeLast(Series.regular(at, Duration.ofDays(1), second)).anomalous()) {
        secondFlagged++;
      }
      for (int n = FIRST; n <= LAST; n++) {
        Judgement judgement = all.get(n);
        judged[n] += judgement.judged() ? 1 : 0;
        falseAlarms[n] += judgement.anomalous() ? 1 : 0;
        baselineFalse[n] += zScore(clean, n, clean[n]) ? 1 : 0;
        double[] prefix = java.util.Arrays.copyOf(clean, n + 1);
        for (int d = 0; d < DROPS.length; d++) {
          prefix[n] = Math.round(clean[n] * (1 - DROPS[d]));
          Judgement dropped = detector.judgeLast(Series.regular(at, Duration.ofDays(1), prefix));
          dropFlagged[d][n] += dropped.verdict() == Verdict.LOW ? 1 : 0;
          baselineDrop[d][n] += zScore(clean, n, prefix[n]) ? 1 : 0;
        }
        prefix[n] = clean[n] * 2;
        Judgement doubled = detector.judgeLast(Series.regular(at, Duration.ofDays(1), prefix));
        spikeFlagged[n] += doubled.verdict() == Verdict.HIGH ? 1 : 0;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT, "%,d young daily series, seed %d, %.1f s%n%n", count, seed, seconds);
    StringBuilder header =
        new StringBuilder("| history (partitions) | judged | false alarms | baseline false");
    for (double drop : DROPS) {
      header.append(String.format(Locale.ROOT, " | drop %.0f%% flagged", drop * 100));
    }
    header.append(" | baseline: drop 50% | doubled flagged |");
    System.out.println(header);
    System.out.println("|---".repeat(5 + DROPS.length + 2) + "|");
    long totalFalse = 0;
    long totalBaseline = 0;
    long totalJudged = 0;
    long[] totalDrop = new long[DROPS.length];
    for (int n = FIRST; n <= LAST; n++) {
      StringBuilder row =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "| %d | %.3f | %.4f | %.4f",
                  n,
                  judged[n] / (double) count,
                  falseAlarms[n] / (double) count,
                  baselineFalse[n] / (double) count));
      for (int d = 0; d < DROPS.length; d++) {
        row.append(String.format(Locale.ROOT, " | %.3f", dropFlagged[d][n] / (double) count));
        totalDrop[d] += dropFlagged[d][n];
      }
      row.append(
          String.format(
              Locale.ROOT,
              " | %.3f | %.3f |",
              baselineDrop[1][n] / (double) count,
              spikeFlagged[n] / (double) count));
      System.out.println(row);
      totalFalse += falseAlarms[n];
      totalBaseline += baselineFalse[n];
      totalJudged += judged[n];
    }
    long points = (long) count * (LAST - FIRST + 1);
    StringBuilder all =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "| 3-13 | %.3f | **%.4f** (%.2f per 1,000) | %.4f",
                totalJudged / (double) points,
                totalFalse / (double) points,
                1000.0 * totalFalse / points,
                totalBaseline / (double) points));
    for (int d = 0; d < DROPS.length; d++) {
      all.append(String.format(Locale.ROOT, " | %.3f", totalDrop[d] / (double) points));
    }
    all.append(" | | |");
    System.out.println(all);
    System.out.printf(
        Locale.ROOT,
        "%nsecond partition 5%% larger: flagged in %d of %,d series%n",
        secondFlagged,
        count);
  }

  /** Clean daily counts from {@code first} on. */
  static double[] series(Random random, LocalDate first, int size) {
    double level = Math.exp(uniform(random, Math.log(1e3), Math.log(1e7)));
    double growth = uniform(random, -0.2, 0.8);
    double cv = uniform(random, 0.03, 0.08);
    double kind = random.nextDouble();
    double weekend =
        kind < 0.5 ? uniform(random, 0.35, 0.7) : kind < 0.8 ? uniform(random, 1.05, 1.3) : 1;
    double[] profile = new double[7];
    for (DayOfWeek day : DayOfWeek.values()) {
      double base = day.getValue() >= 6 ? weekend : 1;
      profile[day.getValue() - 1] = base * (1 + uniform(random, -0.05, 0.05));
    }
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      LocalDate day = first.plusDays(i);
      double mean = level * Math.pow(1 + growth, i / 365.0);
      mean *= profile[day.getDayOfWeek().getValue() - 1];
      double noisy = mean * Math.exp(cv * random.nextGaussian() - cv * cv / 2);
      noisy += Math.sqrt(noisy) * random.nextGaussian();
      values[i] = Math.max(1, Math.round(noisy));
    }
    return values;
  }

  /** The baseline: beyond 3 standard deviations of the days before (at least two of them). */
  static boolean zScore(double[] values, int n, double value) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += values[i];
    }
    double mean = sum / n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      squares += (values[i] - mean) * (values[i] - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    return Math.abs(value - mean) > 3 * sd;
  }

  private static double uniform(Random random, double low, double high) {
    return low + (high - low) * random.nextDouble();
  }
}
