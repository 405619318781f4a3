package io.tidemark.core.quality;

import io.tidemark.anomaly.DetectorType;
import io.tidemark.anomaly.Judgement;
import io.tidemark.anomaly.Series;
import io.tidemark.anomaly.ShortHistory;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.state.CheckStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The volume check: a partition's row count against the asset's own history of row counts. Every
 * anomalous partition warns (its data is suspect); the message says whether the anomaly begins
 * there (an alert: what notifications count) or goes on from an earlier partition.
 */
final class VolumeJudge {
  private VolumeJudge() {}

  /** "1 partition", "3 partitions". */
  private static final class Formats {
    static String partitions(int n) {
      return n + (n == 1 ? " partition" : " partitions");
    }
  }

  static CheckEvaluator.Outcome judge(
      Check.VolumeAnomaly c, PartitionKey partition, RowHistory history) {
    if (partition.grain() == Grain.ALL) {
      return new CheckEvaluator.Outcome(
          CheckStatus.SKIPPED,
          "",
          "",
          List.of(),
          "not judged: the table is unpartitioned, and volume is judged per partition");
    }
    RowHistory.Series series = history.upTo(partition);
    if (series == null) {
      return new CheckEvaluator.Outcome(
          CheckStatus.SKIPPED,
          "",
          "",
          List.of(),
          "not judged: no row count recorded yet, needs "
              + Formats.partitions(ShortHistory.MINIMUM_HISTORY)
              + " of history");
    }
    double[] array = series.values();
    Duration step = step(partition.grain());
    Instant first = series.start().toInstant(ZoneOffset.UTC);
    Judgement judgement =
        DetectorType.parse(c.detector())
            .create(c.settings())
            .judgeLast(Series.regular(first, step, array));
    double observed = array[array.length - 1];
    String observedText =
        Double.isNaN(observed) ? "missing" : String.format(Locale.ROOT, "%,.0f rows", observed);
    if (!judgement.judged()) {
      return new CheckEvaluator.Outcome(
          CheckStatus.SKIPPED, observedText, "", List.of(), notJudged(array));
    }
    String expected =
        Double.isNaN(judgement.expectedLow())
            ? ""
            : String.format(
                Locale.ROOT,
                "%,.0f..%,.0f",
                Math.max(0, judgement.expectedLow()),
                judgement.expectedHigh());
    if (!judgement.anomalous()) {
      return new CheckEvaluator.Outcome(CheckStatus.PASS, observedText, expected, List.of(), "");
    }
    return new CheckEvaluator.Outcome(
        CheckEvaluator.failed(c),
        observedText,
        expected,
        List.of(),
        (judgement.alert() ? "" : "still ")
            + judgement.verdict().label().replace('_', ' ')
            + ": "
            + observedText
            + (expected.isEmpty() ? "" : ", expected " + expected)
            + String.format(Locale.ROOT, " (score %.1f)", judgement.score()));
  }

  /**
   * Why the newest count was not judged: how many earlier partitions have rows, and how many the
   * detector needs before it judges.
   */
  private static String notJudged(double[] counts) {
    int withRows = 0;
    for (int i = 0; i < counts.length - 1; i++) {
      if (counts[i] > 0) {
        withRows++;
      }
    }
    if (withRows < ShortHistory.MINIMUM_HISTORY) {
      return "not judged: "
          + Formats.partitions(withRows)
          + " with rows before it, needs "
          + ShortHistory.MINIMUM_HISTORY;
    }
    return "not judged: the counts before it cannot be compared (not positive)";
  }

  /** The time between two partitions of a grain, as the detector's series counts it. */
  static Duration step(Grain grain) {
    return switch (grain) {
      case HOUR -> Duration.ofHours(1);
      case DAY -> Duration.ofDays(1);
      default -> Duration.ofDays(30);
    };
  }
}
