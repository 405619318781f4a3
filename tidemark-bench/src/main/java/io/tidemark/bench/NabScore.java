package io.tidemark.bench;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NAB's standard profile, as the scorer beside the NAB-dev series computes it: a window's best
 * detection earns up to +1 (earlier is better), a missed window costs -1, every flag outside a
 * window costs 0.11 (less just after a window), and flags in the first 15% of a series (at most 750
 * points) do not count.
 */
final class NabScore {
  static final double TP_WEIGHT = 1.0;
  static final double FN_WEIGHT = 1.0;
  static final double FP_WEIGHT = 0.11;
  static final double PROBATION = 0.15;

  private NabScore() {}

  /** A labelled window, both ends included. */
  record Window(LocalDateTime from, LocalDateTime to) {}

  /** One series' raw score and counts. */
  record Result(
      double score,
      double falseCost,
      int windows,
      int flagsInside,
      int flagsOutside,
      int missed,
      int points) {
    Result plus(Result other) {
      return new Result(
          score + other.score,
          falseCost + other.falseCost,
          windows + other.windows,
          flagsInside + other.flagsInside,
          flagsOutside + other.flagsOutside,
          missed + other.missed,
          points + other.points);
    }

    /** Normalised: 0 is the detector that never flags, 100 a perfect one. */
    double normalised() {
      return 100 * (score + FN_WEIGHT * windows) / ((TP_WEIGHT + FN_WEIGHT) * windows);
    }
  }

  static final Result NONE = new Result(0, 0, 0, 0, 0, 0, 0);

  static double scaledSigmoid(double y) {
    return y <= 3 ? 2 / (1 + Math.exp(5 * y)) - 1 : -1.0;
  }

  static Result score(LocalDateTime[] times, boolean[] flags, List<Window> windows) {
    int n = times.length;
    int probation = Math.min((int) Math.floor(PROBATION * n), (int) Math.floor(PROBATION * 5000));
    List<int[]> wins = new ArrayList<>();
    for (Window window : windows) {
      int first = -1;
      int last = -1;
      for (int i = 0; i < n; i++) {
        if (!times[i].isBefore(window.from()) && !times[i].isAfter(window.to())) {
          if (first < 0) {
            first = i;
          }
          last = i;
        }
      }
      if (first >= 0) {
        wins.add(new int[] {first, last});
      }
    }
    double[] best = new double[wins.size()];
    Arrays.fill(best, -FN_WEIGHT);
    double maxTp = scaledSigmoid(-1.0);
    double fpSum = 0;
    int inside = 0;
    int outside = 0;
    int w = 0;
    int previousRight = -1;
    int previousWidth = -1;
    int inWindow = -1;
    for (int i = 0; i < n; i++) {
      if (inWindow >= 0 && i > wins.get(inWindow)[1]) {
        inWindow = -1;
      }
      while (w < wins.size() && i > wins.get(w)[1]) {
        previousRight = wins.get(w)[1];
        previousWidth = wins.get(w)[1] - wins.get(w)[0] + 1;
        w++;
      }
      if (w < wins.size() && wins.get(w)[0] <= i && i <= wins.get(w)[1]) {
        inWindow = w;
      }
      if (i < probation || !flags[i]) {
        continue;
      }
      if (inWindow >= 0) {
        int left = wins.get(inWindow)[0];
        int right = wins.get(inWindow)[1];
        double position = -(right - i + 1) / (double) (right - left + 1);
        best[inWindow] = Math.max(best[inWindow], scaledSigmoid(position) * TP_WEIGHT / maxTp);
        inside++;
      } else {
        fpSum +=
            FP_WEIGHT
                * (previousRight < 0
                    ? -1.0
                    : scaledSigmoid(Math.abs(previousRight - i) / (double) (previousWidth - 1)));
        outside++;
      }
    }
    double total = fpSum;
    int counted = 0;
    int missed = 0;
    for (int k = 0; k < wins.size(); k++) {
      if (wins.get(k)[1] >= probation) {
        counted++;
        total += best[k];
        if (best[k] == -FN_WEIGHT) {
          missed++;
        }
      }
    }
    return new Result(total, fpSum, counted, inside, outside, missed, n);
  }
}
