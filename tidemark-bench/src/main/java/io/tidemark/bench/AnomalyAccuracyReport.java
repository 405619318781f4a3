package io.tidemark.bench;

import io.tidemark.anomaly.Detector;
import io.tidemark.anomaly.DetectorSettings;
import io.tidemark.anomaly.DetectorType;
import io.tidemark.anomaly.Judgement;
import io.tidemark.anomaly.PeriodFinder;
import io.tidemark.bench.LabelledSeriesGenerator.Grain;
import io.tidemark.bench.LabelledSeriesGenerator.Label;
import io.tidemark.bench.LabelledSeriesGenerator.Labelled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The accuracy part of {@link AnomalyDetectionBenchmark}: labelled daily and hourly series scored
 * by every detector with zero configuration and by the plain trailing z-score, as Markdown tables.
 */
final class AnomalyAccuracyReport {
  private AnomalyAccuracyReport() {}

  // --- 2. accuracy ---------------------------------------------------------------------------

  static void run(int perGrain, long seed) {
    LabelledSeriesGenerator generator = new LabelledSeriesGenerator(seed);
    List<Labelled> all = new ArrayList<>();
    Map<Grain, List<Labelled>> byGrain = new LinkedHashMap<>();
    for (Grain grain : Grain.values()) {
      List<Labelled> list = new ArrayList<>();
      for (int i = 0; i < perGrain; i++) {
        list.add(generator.next(grain, i));
      }
      byGrain.put(grain, list);
      all.addAll(list);
    }
    for (Grain grain : Grain.values()) {
      Map<Integer, Integer> periods = new TreeMap<>();
      for (Labelled labelled : byGrain.get(grain)) {
        periods.merge(PeriodFinder.find(labelled.series()), 1, Integer::sum);
      }
      System.out.printf(Locale.ROOT, "%n%s: auto periods found %s%n", grain, periods);
    }
    List<Detector> detectors = new ArrayList<>();
    for (DetectorType type : DetectorType.values()) {
      detectors.add(type.create(DetectorSettings.defaults()));
    }
    detectors.add(new TrailingZScore());

    Map<String, Map<String, Evaluation>> results = new LinkedHashMap<>();
    for (Detector detector : detectors) {
      Map<String, Evaluation> evaluations = new LinkedHashMap<>();
      Evaluation overall = new Evaluation();
      long t0 = System.nanoTime();
      for (Grain grain : Grain.values()) {
        Evaluation evaluation = new Evaluation();
        for (Labelled labelled : byGrain.get(grain)) {
          List<Judgement> judgements = detector.score(labelled.series());
          evaluation.add(labelled, judgements);
          overall.add(labelled, judgements);
        }
        evaluations.put(grain.name().toLowerCase(Locale.ROOT), evaluation);
      }
      evaluations.put("all", overall);
      results.put(detector.name(), evaluations);
      System.out.printf(
          Locale.ROOT, "%s scored %d series in %.2f s%n", detector.name(), all.size(), seconds(t0));
    }
    printAccuracy(results, byGrain);
    sensitivitySweep(all);
  }

  /** The default detector at other sensitivities: what the default trades. */
  private static void sensitivitySweep(List<Labelled> all) {
    System.out.printf(Locale.ROOT, "%n### seasonal detector by sensitivity (all series)%n%n");
    System.out.println(
        "| sensitivity | recall, moves >= 30% | level shifts, moves >= 30% | false alarms / normal"
            + " points | precision |");
    System.out.println("|---|---|---|---|---|");
    for (double sensitivity : new double[] {3.0, 3.25, 3.5, 4.0}) {
      Detector detector =
          DetectorType.SEASONAL.create(DetectorSettings.defaults().withSensitivity(sensitivity));
      Evaluation evaluation = new Evaluation();
      for (Labelled labelled : all) {
        evaluation.add(labelled, detector.score(labelled.series()));
      }
      System.out.printf(
          Locale.ROOT,
          "| %.2f%s | %.3f | %.3f | %.4f | %.3f |%n",
          sensitivity,
          sensitivity == DetectorSettings.DEFAULT_SENSITIVITY ? " (default)" : "",
          evaluation.recallLarge(),
          evaluation.recallLarge(Label.LEVEL_SHIFT),
          evaluation.falseAlarmRate(),
          evaluation.precision());
    }
  }

  private static void printAccuracy(
      Map<String, Map<String, Evaluation>> results, Map<Grain, List<Labelled>> byGrain) {
    int series = byGrain.values().stream().mapToInt(List::size).sum();
    System.out.printf(
        Locale.ROOT,
        "%n== accuracy: %d series (%s), default settings, auto period%n",
        series,
        byGrain.entrySet().stream()
            .map(e -> e.getValue().size() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
            .reduce((a, b) -> a + " + " + b)
            .orElse(""));
    for (String scope : List.of("all", "daily", "hourly")) {
      System.out.printf(Locale.ROOT, "%n### %s series%n%n", scope);
      StringBuilder header = new StringBuilder("| measure |");
      StringBuilder rule = new StringBuilder("|---|");
      for (String detector : results.keySet()) {
        header.append(' ').append(detector).append(" |");
        rule.append("---|");
      }
      System.out.println(header);
      System.out.println(rule);
      Evaluation any = results.values().iterator().next().get(scope);
      for (Label label : LabelledSeriesGenerator.ANOMALIES) {
        row(
            results,
            scope,
            "recall " + label.name().toLowerCase(Locale.ROOT) + " (" + any.total(label) + " pts)",
            e -> e.recall(label));
      }
      for (Label label : List.of(Label.SPIKE, Label.DROP, Label.LEVEL_SHIFT)) {
        row(
            results,
            scope,
            "recall "
                + label.name().toLowerCase(Locale.ROOT)
                + ", moves >= 30% ("
                + any.largeCount(label)
                + " pts)",
            e -> e.recallLarge(label));
      }
      row(
          results,
          scope,
          "recall, moves >= 30% (" + any.largeCount() + " pts)",
          e -> e.recallLarge());
      row(
          results,
          scope,
          "recall, moves 20-30% (" + any.smallCount() + " pts)",
          e -> e.recallSmall());
      row(results, scope, "recall, all (" + any.anomalies() + " pts)", Evaluation::recall);
      row(results, scope, "precision", Evaluation::precision);
      row(
          results,
          scope,
          "false alarms / normal points (" + any.total(Label.NORMAL) + ")",
          e -> e.falseAlarmRate());
      row(
          results,
          scope,
          "holiday points flagged (" + any.total(Label.HOLIDAY) + ")",
          Evaluation::holidayFlagRate);
      row(results, scope, "precision, holidays as false alarms", e -> e.precisionWithHolidays());
    }
  }

  private static void row(
      Map<String, Map<String, Evaluation>> results,
      String scope,
      String measure,
      ToDoubleFunction<Evaluation> value) {
    StringBuilder line = new StringBuilder("| " + measure + " |");
    for (Map<String, Evaluation> evaluations : results.values()) {
      double v = value.applyAsDouble(evaluations.get(scope));
      line.append(' ')
          .append(Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v))
          .append(" |");
    }
    System.out.println(line);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
