package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

/**
 * What a group of attempts used, summed in the store: what cost reports price. Skipped attempts are
 * never counted.
 *
 * @param key the group: an asset's {@code schema.table}, a day ({@code YYYY-MM-DD}, UTC, of the
 *     run's start), or an asset's partition key (see {@link #asset})
 * @param asset the asset of a partition's group; empty when grouped by asset or day
 * @param repair whether the attempts belong to repair or backfill runs; {@code false} in a
 *     partition's group, which counts both
 * @param attempts how many attempts
 * @param computeMillis the larger of each attempt's JVM CPU and the engine's CPU, summed (as cost
 *     reports count it: an embedded engine's work is on the attempt's thread, and counted in both)
 * @param bytesScanned what the engine scanned
 * @param bytesWritten what the attempts wrote
 */
public record AttemptUsage(
    String key,
    String asset,
    boolean repair,
    long attempts,
    long computeMillis,
    long bytesScanned,
    long bytesWritten) {
  /** How {@link StateStore#attemptUsage} groups attempts. */
  public enum By {
    /** Per asset and kind of run (repair or backfill, or not). */
    ASSET,
    /** Per UTC day of the run's start and kind of run. */
    DAY
  }

  public AttemptUsage {
    requireNonNull(key, "key is null");
    requireNonNull(asset, "asset is null");
  }
}
