package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.partition.PartitionKey;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Row count and order-independent content hash of one partition of a table.
 *
 * @param partition the partition, or {@link PartitionKey#ALL} for a whole unpartitioned table
 * @param rows rows in the partition
 * @param hash the content hash as the warehouse computed it; the same for every empty partition
 */
public record PartitionFingerprint(PartitionKey partition, long rows, String hash) {
  public PartitionFingerprint {
    requireNonNull(partition, "partition is null");
    requireNonNull(hash, "hash is null");
    if (rows < 0) {
      throw new IllegalArgumentException("rows must not be negative, got " + rows);
    }
    if (hash.isBlank()) {
      throw new IllegalArgumentException("hash is blank");
    }
  }

  /**
   * The text recorded as the partition's data version, e.g. {@code rows=123;hash=…}: stable across
   * processes, so equal text means the partition's rows did not change.
   */
  public String version() {
    return "rows=" + rows + ";hash=" + hash;
  }

  /**
   * The fingerprints of {@code partitions}, in their order: the one {@code found} by its start, or
   * an empty partition's ({@code emptyHash}, no rows) for a partition that holds no row.
   */
  public static List<PartitionFingerprint> inOrder(
      List<PartitionKey> partitions,
      Map<LocalDateTime, PartitionFingerprint> found,
      String emptyHash) {
    List<PartitionFingerprint> fingerprints = new ArrayList<>(partitions.size());
    for (PartitionKey partition : partitions) {
      PartitionFingerprint fingerprint = found.get(partition.start());
      fingerprints.add(
          fingerprint != null ? fingerprint : new PartitionFingerprint(partition, 0, emptyHash));
    }
    return fingerprints;
  }
}
