package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

/**
 * What a write produced.
 *
 * @param rows rows now in the written partition (or table); 0 for views
 * @param bytesWritten the warehouse's estimate of the bytes those rows take
 * @param engine what the engine reported for the write; {@link EngineUsage#NONE} when nothing
 */
public record WriteResult(long rows, long bytesWritten, EngineUsage engine) {
  public WriteResult {
    requireNonNull(engine, "engine is null");
  }

  public WriteResult(long rows, long bytesWritten) {
    this(rows, bytesWritten, EngineUsage.NONE);
  }
}
