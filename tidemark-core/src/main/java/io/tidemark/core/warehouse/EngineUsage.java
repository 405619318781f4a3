package io.tidemark.core.warehouse;

/**
 * What the engine itself reported for a statement, each figure 0 when the engine does not report
 * it.
 *
 * @param rowsRead rows the statement's table scans read
 * @param bytesScanned bytes the statement's table scans produced (the columns read, uncompressed)
 * @param cpuMillis CPU time the engine spent on the statement, summed over its threads
 * @param peakMemoryBytes the engine's peak buffer memory while the statement ran
 */
public record EngineUsage(long rowsRead, long bytesScanned, long cpuMillis, long peakMemoryBytes) {
  public static final EngineUsage NONE = new EngineUsage(0, 0, 0, 0);

  public EngineUsage {
    if (rowsRead < 0 || bytesScanned < 0 || cpuMillis < 0 || peakMemoryBytes < 0) {
      throw new IllegalArgumentException("engine usage must not be negative");
    }
  }

  /**
   * One of {@code parts} equal shares of a statement that wrote several partitions: counts divided
   * evenly, the peak the statement's own.
   */
  public EngineUsage share(int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be at least 1");
    }
    return new EngineUsage(
        rowsRead / parts, bytesScanned / parts, cpuMillis / parts, peakMemoryBytes);
  }

  /** Both statements' usage: counts add up, the peak is the larger one. */
  public EngineUsage plus(EngineUsage other) {
    return new EngineUsage(
        rowsRead + other.rowsRead,
        bytesScanned + other.bytesScanned,
        cpuMillis + other.cpuMillis,
        Math.max(peakMemoryBytes, other.peakMemoryBytes));
  }
}
