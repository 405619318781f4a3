package io.tidemark.anomaly;

import static java.util.Objects.requireNonNull;

/**
 * A regular series made from irregular points, what was done to make it, and where each came from.
 */
public final class Regularised {
  private final Series series;
  private final Regularisation report;
  private final int[] sources;

  Regularised(Series series, Regularisation report, int[] sources) {
    this.series = requireNonNull(series, "series is null");
    this.report = requireNonNull(report, "report is null");
    this.sources = requireNonNull(sources, "sources is null");
  }

  public Series series() {
    return series;
  }

  public Regularisation report() {
    return report;
  }

  /**
   * The point read (numbered from 0 in the order added) whose value and timestamp the series' point
   * {@code index} holds unchanged; -1 when the point is missing, was merged or was moved onto the
   * grid.
   */
  public int source(int index) {
    return sources[index];
  }
}
