package io.tidemark.core.verify;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;

/**
 * One partition whose contents in the warehouse are not what Tidemark wrote.
 *
 * @param recordedRows rows the write recorded; -1 when Tidemark recorded no write of it
 * @param actualRows rows the warehouse holds now; -1 when its table is gone
 */
public record PartitionDifference(
    AssetName asset, String partition, Kind kind, long recordedRows, long actualRows) {
  public PartitionDifference {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(kind, "kind is null");
  }

  /** How the partition differs. */
  public enum Kind {
    /** Its table is gone, or was made again after the partition was written. */
    GONE("not in the warehouse"),
    /** It holds another number of rows than the write recorded. */
    ROWS_CHANGED("rows changed outside Tidemark"),
    /**
     * It holds as many rows as the write recorded, but their content hash is not the one the write
     * recorded: values updated in place, or rows swapped for others.
     */
    VALUES_CHANGED("values changed outside Tidemark"),
    /** It holds rows although Tidemark never recorded writing it. */
    UNRECORDED_ROWS("rows Tidemark did not write");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** {@code 2024-01-03: recorded 30 rows, holds 12}. */
  public String describe() {
    return switch (kind) {
      case GONE -> partition + ": recorded " + recordedRows + " rows, not in the warehouse";
      case ROWS_CHANGED -> partition + ": recorded " + recordedRows + " rows, holds " + actualRows;
      case VALUES_CHANGED ->
          partition + ": holds the " + actualRows + " rows recorded, with other contents";
      case UNRECORDED_ROWS -> partition + ": never written by Tidemark, holds " + actualRows;
    };
  }
}
