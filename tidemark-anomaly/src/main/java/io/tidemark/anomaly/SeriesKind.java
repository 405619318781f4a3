package io.tidemark.anomaly;

import java.util.Locale;

/**
 * Where a series comes from, as far as Tidemark knows: it decides what a missing point means.
 * Tidemark sets it from what it measures (a table's row counts per partition are {@link #TABLE}); a
 * series read from a file says so or is taken for a {@link #METRIC}.
 */
public enum SeriesKind {
  /**
   * Row counts of a table's partitions: a partition without a count was never loaded, which is an
   * anomaly by itself.
   */
  TABLE,
  /**
   * A scraped or exported metric: a point may go missing (a scrape that failed) while what it
   * measures is fine, so a missing point is a gap, neither judged nor learnt.
   */
  METRIC;

  /** Parses {@code table} or {@code metric}, in any case. */
  public static SeriesKind parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid series kind '" + text + "': expected table or metric");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
