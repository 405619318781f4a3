package io.tidemark.core.state;

/**
 * What an asset's succeeded attempts used, on average: what a cost estimate of rebuilding its
 * partitions prices.
 *
 * @param attempts how many succeeded attempts the means are over
 * @param computeMillis the larger of the attempt's JVM CPU and the engine's CPU (as cost reports
 *     count it: an embedded engine's work is on the attempt's thread, and counted in both)
 * @param bytesScanned what the engine scanned
 * @param bytesWritten what the attempt wrote
 */
public record AttemptMeans(
    long attempts, double computeMillis, double bytesScanned, double bytesWritten) {
  public AttemptMeans {
    if (attempts < 1 || computeMillis < 0 || bytesScanned < 0 || bytesWritten < 0) {
      throw new IllegalArgumentException("means need an attempt and no negative figures");
    }
  }
}
