package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A warehouse's storage after a checkpoint: how big its file is, how much of it holds data, and how
 * long the checkpoint took.
 *
 * @param fileSize the file's size on disk
 * @param used the part of it in use (blocks holding data or metadata)
 * @param checkpoint how long writing it out took
 */
public record WarehouseStorage(ByteSize fileSize, ByteSize used, Duration checkpoint) {
  public WarehouseStorage {
    requireNonNull(fileSize, "fileSize is null");
    requireNonNull(used, "used is null");
    requireNonNull(checkpoint, "checkpoint is null");
  }

  /** The file's size over what is in use: 1.0 when the file holds nothing but data. */
  public double ratio() {
    return used.bytes() == 0 ? 1.0 : fileSize.bytes() / (double) used.bytes();
  }
}
