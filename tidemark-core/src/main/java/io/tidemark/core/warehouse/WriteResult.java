package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

/**
 * What a write produced.
 *
 * @param rows rows now in the written partition (or table); 0 for views
 * @param bytesWritten the warehouse's estimate of the bytes those rows take
 * @param engine what the engine reported for the write; {@link EngineUsage#NONE} when nothing
 * @param contentHash the written rows' content hash, as {@link WarehouseSession#fingerprint} gives
 *     it for the same partition ({@link PartitionFingerprint#hash}), computed by the engine as it
 *     measured the write; empty for views and for engines that compute none
 */
public record WriteResult(long rows, long bytesWritten, EngineUsage engine, String contentHash) {
  public WriteResult {
    requireNonNull(engine, "engine is null");
    requireNonNull(contentHash, "contentHash is null");
  }

  public WriteResult(long rows, long bytesWritten, EngineUsage engine) {
    this(rows, bytesWritten, engine, "");
  }

  public WriteResult(long rows, long bytesWritten) {
    this(rows, bytesWritten, EngineUsage.NONE);
  }
}
