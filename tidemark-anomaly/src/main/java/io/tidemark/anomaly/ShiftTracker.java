package io.tidemark.anomaly;

/**
 * Notices when anomalies stop being anomalies. Excluding every anomaly from training would keep a
 * detector blind to lasting changes, and would even sustain itself: an excluded point is learnt as
 * its forecast, which feeds the next forecast of that phase. So a run of {@code needed} points
 * outside the range on one side is taken as a level shift, and the same phase outside on one side
 * in {@code needed} consecutive cycles as a change of that phase (a job that now runs on Mondays);
 * from then on the model learns the observed values.
 */
final class ShiftTracker {
  enum Outcome {
    /** An anomaly to keep out of training. */
    EXCLUDE,
    /** The run from {@link #levelStart()} up to this point is a level shift. */
    LEVEL_SHIFT,
    /** This phase's last {@code needed} cycles, this point included, are a seasonal change. */
    SEASONAL_SHIFT,
    /** A run already taken for a shift goes on: learn the point as observed. */
    FOLLOW
  }

  private final int period;
  private final int needed;
  private final int[] phaseRun;
  private final double[] phaseSign;
  private int levelStart;
  private int levelRun;
  private double levelSign;

  ShiftTracker(int period, int needed) {
    this.period = period;
    this.needed = needed;
    this.phaseRun = period > 1 ? new int[period] : null;
    this.phaseSign = period > 1 ? new double[period] : null;
  }

  /** A point inside the range, or flagged by a rule: runs through it end. */
  void inside(int index) {
    levelRun = 0;
    if (phaseRun != null) {
      phaseRun[index % period] = 0;
    }
  }

  /** A point outside the range, above it ({@code sign} 1) or below (-1). */
  Outcome outside(int index, double sign) {
    if (levelRun > 0 && sign == levelSign) {
      levelRun++;
    } else {
      levelStart = index;
      levelSign = sign;
      levelRun = 1;
    }
    int cycles = 1;
    if (phaseRun != null) {
      int phase = index % period;
      cycles = phaseRun[phase] > 0 && phaseSign[phase] == sign ? phaseRun[phase] + 1 : 1;
      phaseRun[phase] = cycles;
      phaseSign[phase] = sign;
    }
    if (levelRun > needed || cycles > needed || needed == 1) {
      return Outcome.FOLLOW;
    }
    if (levelRun == needed) {
      return Outcome.LEVEL_SHIFT;
    }
    if (cycles == needed) {
      return Outcome.SEASONAL_SHIFT;
    }
    return Outcome.EXCLUDE;
  }

  int levelStart() {
    return levelStart;
  }
}
