package io.tidemark.anomaly;

import java.util.Locale;

/** What a detector concluded about one point. */
public enum Verdict {
  /** Too little history before the point to judge it. */
  NOT_JUDGED(false),
  /** Inside the expected range, or outside it in a direction nobody asked to watch. */
  NORMAL(false),
  /** Above the expected range. */
  HIGH(true),
  /** Below the expected range. */
  LOW(true),
  /**
   * Inside the expected range, but the last points together fell far below what was expected: a
   * slow collapse the range followed (see the change test).
   */
  FALLING(true),
  /** Inside the expected range, but the last points together rose far above what was expected. */
  RISING(true),
  /** A zero value: an empty load is always an anomaly, whatever the history. */
  ZERO(true),
  /** No value at a point of a table: the partition was never loaded. Always an anomaly. */
  MISSING(true),
  /**
   * No value at a point of a metric ({@link SeriesKind#METRIC}): a scrape may fail while what it
   * measures is fine, so it is no anomaly; nothing is judged or learnt from it.
   */
  GAP(false);

  private final boolean anomalous;

  Verdict(boolean anomalous) {
    this.anomalous = anomalous;
  }

  public boolean anomalous() {
    return anomalous;
  }

  /** Flagged by a rule (zero, missing) rather than by comparison with the history. */
  public boolean byRule() {
    return this == ZERO || this == MISSING;
  }

  /** The name in output files: {@code not_judged}, {@code high}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
