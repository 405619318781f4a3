package io.tidemark.bench;

import io.tidemark.anomaly.Judgement;
import io.tidemark.bench.LabelledSeriesGenerator.Label;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Point-by-point confusion counts of one detector over labelled series: a flagged anomaly point is
 * a true positive, a flagged normal point a false alarm. Warm-up points are not counted; holidays
 * are counted apart.
 */
final class Evaluation {
  /** Anomalies moving the value by at least this much are the ones the recall target is about. */
  static final double TARGET_MOVE = 0.3;

  private final Map<Label, int[]> byLabel = new EnumMap<>(Label.class);
  private final Map<Label, int[]> largeByLabel = new EnumMap<>(Label.class);
  private final int[] large = new int[2];
  private final int[] small = new int[2];

  void add(LabelledSeriesGenerator.Labelled series, List<Judgement> judgements) {
    for (int i = 0; i < judgements.size(); i++) {
      Label label = series.labels()[i];
      if (label == Label.WARM_UP) {
        continue;
      }
      boolean flagged = judgements.get(i).anomalous();
      int[] counts = byLabel.computeIfAbsent(label, l -> new int[2]);
      counts[0]++;
      counts[1] += flagged ? 1 : 0;
      if (label.anomaly()) {
        boolean isLarge = series.moves()[i] >= TARGET_MOVE;
        int[] bucket = isLarge ? large : small;
        bucket[0]++;
        bucket[1] += flagged ? 1 : 0;
        if (isLarge) {
          int[] typed = largeByLabel.computeIfAbsent(label, l -> new int[2]);
          typed[0]++;
          typed[1] += flagged ? 1 : 0;
        }
      }
    }
  }

  int total(Label label) {
    return byLabel.getOrDefault(label, new int[2])[0];
  }

  int flagged(Label label) {
    return byLabel.getOrDefault(label, new int[2])[1];
  }

  double recall(Label label) {
    return ratio(flagged(label), total(label));
  }

  /** Recall of one type among its points that moved the value by at least 30%. */
  double recallLarge(Label label) {
    int[] counts = largeByLabel.getOrDefault(label, new int[2]);
    return ratio(counts[1], counts[0]);
  }

  int largeCount(Label label) {
    return largeByLabel.getOrDefault(label, new int[2])[0];
  }

  int anomalies() {
    return large[0] + small[0];
  }

  int truePositives() {
    return large[1] + small[1];
  }

  double recall() {
    return ratio(truePositives(), anomalies());
  }

  double recallLarge() {
    return ratio(large[1], large[0]);
  }

  double recallSmall() {
    return ratio(small[1], small[0]);
  }

  int largeCount() {
    return large[0];
  }

  int smallCount() {
    return small[0];
  }

  double precision() {
    return ratio(truePositives(), truePositives() + flagged(Label.NORMAL));
  }

  double falseAlarmRate() {
    return ratio(flagged(Label.NORMAL), total(Label.NORMAL));
  }

  double holidayFlagRate() {
    return ratio(flagged(Label.HOLIDAY), total(Label.HOLIDAY));
  }

  /** Precision if flagged holidays counted as false alarms too. */
  double precisionWithHolidays() {
    return ratio(truePositives(), truePositives() + flagged(Label.NORMAL) + flagged(Label.HOLIDAY));
  }

  private static double ratio(int numerator, int denominator) {
    return denominator == 0 ? Double.NaN : (double) numerator / denominator;
  }
}
