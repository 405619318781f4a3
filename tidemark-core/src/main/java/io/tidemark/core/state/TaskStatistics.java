package io.tidemark.core.state;

import io.tidemark.core.warehouse.EngineUsage;

/**
 * What one attempt cost, captured as it ran (no later scans). The JVM's figures are always there;
 * the engine's are what the warehouse reported for the attempt's write statement, 0 when it reports
 * nothing. Partition states keep the first five; attempts keep all.
 *
 * @param rows rows written to the partition
 * @param bytesWritten bytes the warehouse estimates the partition takes
 * @param wallMillis elapsed time of the attempt
 * @param cpuMillis CPU time of the thread that ran the attempt (includes the embedded engine's work
 *     on that thread)
 * @param memoryBytes heap allocated by the thread that ran the attempt
 * @param queuedMillis time from the task being ready (its inputs built) to the attempt starting
 * @param engine what the engine reported for the write: rows and bytes scanned, CPU on all its
 *     threads, peak buffer memory
 */
public record TaskStatistics(
    long rows,
    long bytesWritten,
    long wallMillis,
    long cpuMillis,
    long memoryBytes,
    long queuedMillis,
    EngineUsage engine) {
  public static final TaskStatistics NONE = new TaskStatistics(0, 0, 0, 0, 0);

  public TaskStatistics {
    java.util.Objects.requireNonNull(engine, "engine is null");
  }

  /** Statistics without queue time or engine figures. */
  public TaskStatistics(
      long rows, long bytesWritten, long wallMillis, long cpuMillis, long memoryBytes) {
    this(rows, bytesWritten, wallMillis, cpuMillis, memoryBytes, 0, EngineUsage.NONE);
  }
}
