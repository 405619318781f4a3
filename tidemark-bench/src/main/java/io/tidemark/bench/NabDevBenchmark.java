package io.tidemark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.anomaly.DetectorSettings;
import io.tidemark.anomaly.DetectorType;
import io.tidemark.anomaly.Direction;
import io.tidemark.anomaly.Judgement;
import io.tidemark.anomaly.SeasonalPeriod;
import io.tidemark.anomaly.Series;
import io.tidemark.anomaly.SeriesKind;
import io.tidemark.anomaly.Verdict;
import io.tidemark.cli.command.SeriesCsv;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The volume detector on the NAB-dev real-world series (a folder outside the project: {@code data/}
 * with the CSV files and {@code windows.json} with the labelled windows), scored with NAB's
 * standard profile ({@link NabScore}) in one JVM: what {@code score.py --tidemark ./tidemark} does
 * through the command, without starting a JVM per series. Each series is read by {@link SeriesCsv}
 * as {@code anomalies score} reads it (kind metric) and judged by the detector that command uses;
 * flags are the {@code alert} column.
 *
 * <p>Usage: {@code java -cp CP io.tidemark.bench.NabDevBenchmark DIR [--per-series] [CONFIG ...]}
 * where each CONFIG is a comma-separated list of settings ({@code detector=holt-winters}, {@code
 * sensitivity=4}, {@code quiet=10}, {@code relearn=3}, {@code period=7}, {@code direction=up},
 * {@code flags=anomalous} to score every anomalous point instead of alerts, {@code flags=point} to
 * leave the change test's verdicts out, {@code post=MODE} with {@code long=}, {@code short=},
 * {@code tail=}, {@code refr=}, {@code cap=}, {@code factor=} for a trial alert stage: see {@link
 * Post}); no CONFIG scores the default detector. One line per CONFIG: score, flags outside windows
 * (and per 1,000 points), windows missed, refusals.
 *
 * <p>{@code -Dtm.ensemble=TYPE} (or {@code TYPE:and}) scores a trial pair of detectors: a point is
 * anomalous when the configured detector or (and) a second one of that type finds it so, and the
 * alerts are the onsets of those verdicts, held as a metric's are.
 */
public final class NabDevBenchmark {
  private NabDevBenchmark() {}

  /** Where to write each series' judgements (timestamp, value, band, flags), if anywhere. */
  private static Path dump;

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    boolean perSeries = false;
    List<String> configs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--per-series")) {
        perSeries = true;
      } else if (args[i].equals("--dump")) {
        dump = Path.of(args[++i]);
      } else {
        configs.add(args[i]);
      }
    }
    if (configs.isEmpty()) {
      configs.add("");
    }
    Map<String, List<NabScore.Window>> windows = windows(dir.resolve("windows.json"));
    for (String config : configs) {
      long start = System.nanoTime();
      Run run = run(dir, windows, config, perSeries);
      System.out.printf(
          Locale.ROOT,
          "%-50s score %6.1f  flags outside %5d (%.2f per 1,000 points, cost %.1f)  missed %2d/%d"
              + "  refused %d  (%.1f s)%n",
          config.isEmpty() ? "default" : config,
          run.total.normalised(),
          run.total.flagsOutside(),
          1000.0 * run.total.flagsOutside() / run.total.points(),
          -run.total.falseCost(),
          run.total.missed(),
          run.total.windows(),
          run.refused.size(),
          (System.nanoTime() - start) / 1e9);
      for (String refusal : run.refused) {
        System.out.println("  refused: " + refusal);
      }
    }
  }

  record Run(NabScore.Result total, List<String> refused) {}

  static Run run(
      Path dir, Map<String, List<NabScore.Window>> windows, String config, boolean perSeries) {
    Settings settings = Settings.parse(config);
    NabScore.Result total = NabScore.NONE;
    List<String> refused = new ArrayList<>();
    List<String> names = new ArrayList<>(windows.keySet());
    List<Object> results =
        names.parallelStream()
            .map(
                name -> {
                  try {
                    return (Object)
                        scoreOne(dir.resolve("data").resolve(name), windows.get(name), settings);
                  } catch (TidemarkException | IllegalArgumentException e) {
                    return name + ": " + e.getMessage();
                  }
                })
            .toList();
    for (int i = 0; i < names.size(); i++) {
      Object result = results.get(i);
      if (result instanceof NabScore.Result one) {
        total = total.plus(one);
        if (perSeries) {
          System.out.printf(
              Locale.ROOT,
              "  %-58s points %6d  flags in %5d out %5d  missed %d/%d  raw %8.2f%n",
              names.get(i),
              one.points(),
              one.flagsInside(),
              one.flagsOutside(),
              one.missed(),
              one.windows(),
              one.score());
        }
      } else {
        refused.add((String) result);
      }
    }
    return new Run(total, refused);
  }

  static NabScore.Result scoreOne(Path file, List<NabScore.Window> windows, Settings settings) {
    SeriesCsv.Read read = SeriesCsv.read(file, SeriesKind.METRIC);
    Series series = read.series();
    DetectorSettings detectorSettings = settings.settings();
    int period = detectorSettings.period().resolve(series);
    List<Judgement> judgements =
        settings
            .type()
            .create(detectorSettings.withPeriod(SeasonalPeriod.fixed(period)))
            .score(series);
    LocalDateTime[] times = new LocalDateTime[series.size()];
    boolean[] flags = new boolean[series.size()];
    // A trial pair of detectors (see the class comment).
    String ens = System.getProperty("tm.ensemble");
    boolean[] ensemble = null;
    if (ens != null) {
      String[] parts = ens.split(":");
      List<Judgement> other =
          DetectorType.parse(parts[0])
              .create(detectorSettings.withPeriod(SeasonalPeriod.fixed(period)))
              .score(series);
      boolean and = parts.length > 1 && parts[1].equals("and");
      io.tidemark.anomaly.Onsets onsets =
          new io.tidemark.anomaly.Onsets(
              detectorSettings.quietPoints(series.step()),
              DetectorSettings.holdPoints(series.step()));
      ensemble = new boolean[judgements.size()];
      for (int i = 0; i < ensemble.length; i++) {
        Verdict a = judgements.get(i).verdict();
        Verdict b = other.get(i).verdict();
        boolean aa = judgements.get(i).anomalous();
        boolean bb = other.get(i).anomalous();
        Verdict combined = and ? (aa && bb ? a : Verdict.NORMAL) : aa ? a : bb ? b : a;
        ensemble[i] = onsets.next(combined);
      }
    }
    boolean[] post =
        ensemble != null
            ? ensemble
            : settings.post() == null ? null : settings.post().apply(judgements);
    StringBuilder text = new StringBuilder("timestamp,value,low,high,anomalous,alert,verdict\n");
    for (int i = 0; i < times.length; i++) {
      times[i] = LocalDateTime.ofInstant(series.timestamp(i), ZoneOffset.UTC);
      Judgement judgement = judgements.get(i);
      flags[i] =
          switch (settings.flags()) {
            case "anomalous" -> judgement.anomalous();
            case "point" -> judgement.alert() && !changeTest(judgement.verdict());
            default -> judgement.alert();
          };
      if (post != null) {
        flags[i] = post[i];
      }
      if (dump != null) {
        text.append(times[i])
            .append(',')
            .append(judgement.value())
            .append(',')
            .append(judgement.expectedLow())
            .append(',')
            .append(judgement.expectedHigh())
            .append(',')
            .append(judgement.anomalous())
            .append(',')
            .append(judgement.alert())
            .append(',')
            .append(judgement.verdict().label())
            .append('\n');
      }
    }
    if (dump != null) {
      try {
        Path out = dump.resolve(file.getParent().getFileName() + "__" + file.getFileName());
        java.nio.file.Files.createDirectories(dump);
        java.nio.file.Files.writeString(out, text);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return NabScore.score(times, flags, windows);
  }

  /** A detector and its settings, from {@code key=value,...}. */
  /** Verdicts of the change test rather than the per-point one. */
  static boolean changeTest(Verdict verdict) {
    return verdict == Verdict.FALLING || verdict == Verdict.RISING;
  }

  /**
   * A trial stage deciding alerts from the judgements, each from earlier ones only (the variants
   * tried in BENCHMARKS.md). {@code a} is a point's |score| capped at {@code cap} ({@code log1p} of
   * it for the modes ending in {@code log}); "likely" is the mean of the last {@code shortWindow}
   * of them lying beyond the {@code tail} of a Gaussian fitted to the last {@code longWindow}
   * (Numenta's anomaly likelihood); "record" is {@code a} above {@code factor} times the largest of
   * the last {@code longWindow}. Modes: {@code lik} likely alone, {@code gate} an alert that is
   * also likely, {@code either} an alert or likely, {@code refr} the alerts, {@code rec} a record,
   * {@code recalert} an alert that is a record or the change test's. At most one alert per {@code
   * refractory} points.
   */
  record Post(
      String mode,
      int longWindow,
      int shortWindow,
      double tail,
      int refractory,
      double cap,
      double factor) {
    boolean[] apply(List<Judgement> js) {
      int n = js.size();
      boolean[] out = new boolean[n];
      double[] ring = new double[longWindow];
      int size = 0;
      int next = 0;
      double sum = 0;
      double sumSq = 0;
      double[] recent = new double[shortWindow];
      int rsize = 0;
      int rnext = 0;
      double rsum = 0;
      int sinceAlert = Integer.MAX_VALUE / 2;
      for (int i = 0; i < n; i++) {
        Judgement j = js.get(i);
        sinceAlert++;
        double s = j.score();
        boolean base = mode.startsWith("gate") ? j.alert() : j.anomalous();
        if (!Double.isFinite(s)) {
          if (j.verdict().byRule() && j.alert() && sinceAlert > refractory) {
            out[i] = true;
            sinceAlert = 0;
          }
          continue;
        }
        double a = Math.min(Math.abs(s), cap);
        if (mode.endsWith("log")) {
          a = Math.log1p(a);
        }
        // short average including this point
        if (rsize == shortWindow) {
          rsum -= recent[rnext];
        } else {
          rsize++;
        }
        recent[rnext] = a;
        rsum += a;
        rnext = (rnext + 1) % shortWindow;
        double avg = rsum / rsize;
        boolean likely = false;
        if (size >= Math.min(longWindow, 300)) {
          double mean = sum / size;
          double var = Math.max(sumSq / size - mean * mean, 1e-12);
          double z = (avg - mean) / Math.sqrt(var);
          double q = upperTail(z);
          likely = q < tail;
        }
        double max = 0;
        for (int k = 0; k < size; k++) {
          max = Math.max(max, ring[k]);
        }
        boolean record = size >= Math.min(longWindow, 300) && a > factor * max;
        boolean change =
            j.verdict() == io.tidemark.anomaly.Verdict.RISING
                || j.verdict() == io.tidemark.anomaly.Verdict.FALLING;
        boolean flag =
            switch (mode) {
              case "rec" -> record;
              case "recbase" -> j.anomalous() && (record || change);
              case "recalert" -> j.alert() && (record || change);
              case "recpoint" -> j.anomalous() && !change && record;
              case "lik", "liklog" -> likely;
              case "gate", "gatelog" -> base && likely;
              case "either", "eitherlog" -> j.alert() || likely;
              case "refr" -> j.alert();
              default -> throw new IllegalArgumentException(mode);
            };
        if (flag && sinceAlert > refractory) {
          out[i] = true;
          sinceAlert = 0;
        }
        if (size == longWindow) {
          sum -= ring[next];
          sumSq -= ring[next] * ring[next];
        } else {
          size++;
        }
        ring[next] = mode.startsWith("rec") && out[i] ? 0 : a;
        sum += a;
        sumSq += a * a;
        next = (next + 1) % longWindow;
      }
      return out;
    }
  }

  /** A standard normal's chance above z (Abramowitz and Stegun 26.2.17, |error| < 7.5e-8). */
  static double upperTail(double z) {
    if (z < 0) {
      return 1 - upperTail(-z);
    }
    double t = 1 / (1 + 0.2316419 * z);
    double poly =
        t
            * (0.319381530
                + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * poly;
  }

  record Settings(DetectorType type, DetectorSettings settings, String flags, Post post) {
    static Settings parse(String config) {
      DetectorType type = DetectorType.SEASONAL;
      DetectorSettings settings = DetectorSettings.defaults();
      String flags = "alert";
      String mode = null;
      int longWindow = 2000;
      int shortWindow = 10;
      double tail = 1e-4;
      int refractory = 0;
      double cap = 10;
      double factor = 1;
      for (String pair : config.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        String[] kv = pair.split("=", 2);
        String value = kv[1];
        switch (kv[0]) {
          case "detector" -> type = DetectorType.parse(value);
          case "sensitivity" -> settings = settings.withSensitivity(Double.parseDouble(value));
          case "quiet" -> settings = settings.withQuiet(Integer.parseInt(value));
          case "relearn" -> settings = settings.withRelearnAfter(Integer.parseInt(value));
          case "period" -> settings = settings.withPeriod(SeasonalPeriod.parse(value));
          case "direction" -> settings = settings.withDirection(Direction.parse(value));
          case "minimum" -> settings = settings.withMinimumHistory(Integer.parseInt(value));
          case "flags" -> flags = value;
          case "post" -> mode = value;
          case "long" -> longWindow = Integer.parseInt(value);
          case "short" -> shortWindow = Integer.parseInt(value);
          case "tail" -> tail = Double.parseDouble(value);
          case "refr" -> refractory = Integer.parseInt(value);
          case "factor" -> factor = Double.parseDouble(value);
          case "cap" -> cap = Double.parseDouble(value);
          default -> throw new IllegalArgumentException("unknown setting " + kv[0]);
        }
      }
      return new Settings(
          type,
          settings,
          flags,
          mode == null
              ? null
              : new Post(mode, longWindow, shortWindow, tail, refractory, cap, factor));
    }
  }

  static Map<String, List<NabScore.Window>> windows(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    Map<String, List<NabScore.Window>> windows = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      List<NabScore.Window> list = new ArrayList<>();
      for (JsonNode pair : entry.getValue()) {
        list.add(new NabScore.Window(time(pair.get(0).asText()), time(pair.get(1).asText())));
      }
      windows.put(entry.getKey(), list);
    }
    return windows;
  }

  /** As the scorer reads a timestamp: "T" or space, no zone, no fraction. */
  static LocalDateTime time(String text) {
    String plain = text.replace('T', ' ');
    if (plain.endsWith("Z")) {
      plain = plain.substring(0, plain.length() - 1);
    }
    int dot = plain.indexOf('.');
    if (dot >= 0) {
      plain = plain.substring(0, dot);
    }
    plain = plain.length() > 19 ? plain.substring(0, 19) : plain;
    return LocalDateTime.parse(plain.replace(' ', 'T'));
  }
}
