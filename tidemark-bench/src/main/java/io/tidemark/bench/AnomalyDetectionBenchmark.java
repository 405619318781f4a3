package io.tidemark.bench;

import io.tidemark.anomaly.Detector;
import io.tidemark.anomaly.DetectorSettings;
import io.tidemark.anomaly.DetectorType;
import io.tidemark.anomaly.PeriodFinder;
import io.tidemark.anomaly.SeasonalPeriod;
import io.tidemark.anomaly.Series;
import io.tidemark.anomaly.SeriesKind;
import io.tidemark.cli.command.AnomaliesCommand;
import io.tidemark.cli.command.SeriesCsv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine;

/**
 * Accuracy and speed of the volume anomaly detectors.
 *
 * <ol>
 *   <li>End to end: a 100,000-point five-minute series written to a CSV file, scored by the {@code
 *       anomalies score} command class (CSV read, period auto, score, CSV write to a temp file).
 *       Baseline in the same run: reading the same file only.
 *   <li>Accuracy: {@link LabelledSeriesGenerator} daily and hourly series, scored by each detector
 *       with zero configuration (auto period, default sensitivity) and by the plain trailing
 *       14-point 3-sigma z-score; precision and recall per anomaly type.
 *   <li>Judging one new day for 10,000 assets with 365 days of history each, from memory, with the
 *       z-score as a baseline.
 * </ol>
 *
 * <p>Usage: {@code java -cp CP io.tidemark.bench.AnomalyDetectionBenchmark [SERIES_PER_GRAIN]
 * [SEED] [all|csv|accuracy|assets]} (defaults 250, 42, all). {@code ... AnomalyDetectionBenchmark
 * write-csv FILE [POINTS]} writes the five-minute series, and {@code ... AnomalyDetectionBenchmark
 * cli score --input FILE ...} runs the command alone, so that a whole process can be timed.
 */
public final class AnomalyDetectionBenchmark {
  private AnomalyDetectionBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("cli")) {
      System.exit(cli(java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    if (args.length > 1 && args[0].equals("write-csv")) {
      int points = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
      writeFiveMinuteCsv(Path.of(args[1]), points, 42);
      return;
    }
    int perGrain = args.length > 0 ? Integer.parseInt(args[0]) : 250;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
    String only = args.length > 2 ? args[2] : "all";
    System.out.printf(
        Locale.ROOT,
        "java %s, maxHeap=%d MB, cpus=%d%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    if (only.equals("all") || only.equals("csv")) {
      endToEnd(seed);
    }
    if (only.equals("all") || only.equals("accuracy")) {
      AnomalyAccuracyReport.run(perGrain, seed);
    }
    if (only.equals("all") || only.equals("assets")) {
      manyAssets(seed);
    }
  }

  // --- 1. end to end -------------------------------------------------------------------------

  private static void endToEnd(long seed) throws IOException {
    Path dir = Files.createTempDirectory("tidemark-anomaly-bench-");
    Path input = dir.resolve("five-minute.csv");
    int size = 100_000;
    writeFiveMinuteCsv(input, size, seed);
    System.out.printf(
        Locale.ROOT,
        "%n== end to end: %,d five-minute points, %s (%,d bytes)%n",
        size,
        input,
        Files.size(input));
    List<String[]> rows = new ArrayList<>();
    for (int round = 1; round <= 5; round++) {
      long t0 = System.nanoTime();
      SeriesCsv.Read read = SeriesCsv.read(input, SeriesKind.METRIC);
      double readS = seconds(t0);
      Map<String, Double> times = new LinkedHashMap<>();
      times.put("read only", readS);
      for (String detector : List.of("seasonal", "holt-winters", "rate-of-change")) {
        Path output = dir.resolve(detector + ".csv");
        long t1 = System.nanoTime();
        String err = score(input, output, detector);
        times.put(detector, seconds(t1));
        if (round == 1) {
          System.out.println("  " + err.strip());
        }
      }
      if (read.series().size() != size) {
        throw new IllegalStateException("read " + read.series().size() + " points");
      }
      String[] row = new String[times.size() + 1];
      row[0] = round == 1 ? "1 (first in this JVM)" : Integer.toString(round);
      int column = 1;
      for (double time : times.values()) {
        row[column++] = String.format(Locale.ROOT, "%.3f", time);
      }
      rows.add(row);
      if (round == 1) {
        System.out.println(
            "| round | read only s | seasonal s | holt-winters s | rate-of-change s |");
        System.out.println("|---|---|---|---|---|");
      }
      System.out.println("| " + String.join(" | ", row) + " |");
    }
  }

  /** The command alone, on standard output and error, as {@code tidemark anomalies} will run. */
  private static int cli(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The command with the error handling of {@code Main.execute}: TidemarkException to its code. */
  private static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new AnomaliesCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          line.getErr().println("error: " + exception.getMessage());
          return exception instanceof io.tidemark.core.TidemarkException tidemark
              ? tidemark.code().exitCode()
              : 3;
        });
    return commandLine;
  }

  /** Runs the command class as the CLI would (same error handling), writing to a file. */
  static String score(Path input, Path output, String detector) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    int code =
        commandLine.execute(
            "score",
            "--input",
            input.toString(),
            "--output",
            output.toString(),
            "--detector",
            detector,
            "--period",
            "auto");
    if (code != 0) {
      throw new IllegalStateException("exit code " + code + ": " + err);
    }
    return err.toString();
  }

  /** Five-minute counts with daily and weekly cycles, trend, noise and a few anomalies. */
  static void writeFiveMinuteCsv(Path file, int size, long seed) throws IOException {
    Random random = new Random(seed);
    LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("timestamp,value\n");
      for (int i = 0; i < size; i++) {
        LocalDateTime time = start.plusMinutes(5L * i);
        double hour = time.getHour() + time.getMinute() / 60.0;
        double mean = 5_000 * (1 + 0.3 * i / size);
        mean *= 1 + 0.6 * Math.cos(2 * Math.PI * (hour - 15) / 24);
        mean *= time.getDayOfWeek().getValue() >= 6 ? 0.6 : 1;
        double value = Math.round(mean * (1 + 0.05 * random.nextGaussian()));
        if (random.nextInt(2_000) == 0) {
          value = random.nextBoolean() ? value * 2 : 0;
        }
        out.write(time.toString());
        out.write(',');
        out.write(Long.toString((long) Math.max(1, value)));
        out.write('\n');
      }
    }
  }

  // --- 3. many assets ------------------------------------------------------------------------

  private static void manyAssets(long seed) {
    int assets = 10_000;
    int days = 365;
    Random random = new Random(seed);
    Series[] histories = new Series[assets];
    Instant start = LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
    for (int a = 0; a < assets; a++) {
      double level = Math.exp(3 + 12 * random.nextDouble());
      double weekend = 0.4 + 0.9 * random.nextDouble();
      double cv = 0.03 + 0.05 * random.nextDouble();
      double[] values = new double[days + 1];
      for (int d = 0; d <= days; d++) {
        double mean = level * (1 + 0.3 * d / days) * (d % 7 >= 5 ? weekend : 1);
        values[d] = Math.max(1, Math.round(mean * (1 + cv * random.nextGaussian())));
      }
      if (a % 100 == 0) {
        values[days] *= 2;
      }
      histories[a] = Series.regular(start, Duration.ofDays(1), values);
    }
    System.out.printf(
        Locale.ROOT,
        "%n== judge one new day: %,d assets x %d days of history (in memory)%n",
        assets,
        days);
    Map<String, Detector> detectors = new LinkedHashMap<>();
    detectors.put(
        "seasonal, period auto", DetectorType.SEASONAL.create(DetectorSettings.defaults()));
    detectors.put(
        "seasonal, period 7",
        DetectorType.SEASONAL.create(
            DetectorSettings.defaults().withPeriod(SeasonalPeriod.fixed(7))));
    detectors.put(
        "holt-winters, period 7",
        DetectorType.HOLT_WINTERS.create(
            DetectorSettings.defaults().withPeriod(SeasonalPeriod.fixed(7))));
    detectors.put(
        "rate-of-change, period 7",
        DetectorType.RATE_OF_CHANGE.create(
            DetectorSettings.defaults().withPeriod(SeasonalPeriod.fixed(7))));
    detectors.put("baseline: zscore-14", new TrailingZScore());
    System.out.println("| detector | round | 1 thread s | 2 threads s | flagged |");
    System.out.println("|---|---|---|---|---|");
    for (int round = 1; round <= 3; round++) {
      long t = System.nanoTime();
      int weekly = 0;
      for (Series history : histories) {
        weekly += PeriodFinder.find(history) == 7 ? 1 : 0;
      }
      System.out.printf(
          Locale.ROOT,
          "| (period finder alone) | %d | %.3f | - | period 7 found for %d |%n",
          round,
          seconds(t),
          weekly);
      for (Map.Entry<String, Detector> entry : detectors.entrySet()) {
        Detector detector = entry.getValue();
        long t0 = System.nanoTime();
        int flagged = 0;
        for (Series history : histories) {
          flagged += detector.judgeLast(history).anomalous() ? 1 : 0;
        }
        double single = seconds(t0);
        long t1 = System.nanoTime();
        long parallel =
            java.util.Arrays.stream(histories)
                .parallel()
                .filter(h -> detector.judgeLast(h).anomalous())
                .count();
        double both = seconds(t1);
        if (parallel != flagged) {
          throw new IllegalStateException("parallel run disagrees");
        }
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %.3f | %.3f | %d |%n",
            entry.getKey(),
            round,
            single,
            both,
            flagged);
      }
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
