package io.tidemark.core.state;

/**
 * What writing one partition cost, captured as it was written (no later scans).
 *
 * @param rows rows written to the partition
 * @param bytesWritten bytes the warehouse estimates the partition takes
 * @param wallMillis elapsed time of the attempt
 * @param cpuMillis CPU time of the thread that ran the attempt (includes the embedded engine's work
 *     on that thread)
 * @param memoryBytes heap allocated by the thread that ran the attempt
 */
public record TaskStatistics(
    long rows, long bytesWritten, long wallMillis, long cpuMillis, long memoryBytes) {
  public static final TaskStatistics NONE = new TaskStatistics(0, 0, 0, 0, 0);
}
