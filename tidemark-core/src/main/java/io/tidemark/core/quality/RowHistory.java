package io.tidemark.core.quality;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import java.time.LocalDateTime;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The row counts a volume check judges, per partition start, from stored statistics. */
public final class RowHistory {
  private RowHistory() {}

  /**
   * The row count of each of the asset's partitions as stored (a failed write's count is not the
   * partition's); empty for an unpartitioned asset.
   */
  public static NavigableMap<LocalDateTime, Long> of(Asset asset, Iterable<PartitionState> states) {
    NavigableMap<LocalDateTime, Long> rows = new TreeMap<>();
    if (!asset.isPartitioned()) {
      return rows;
    }
    for (PartitionState state : states) {
      if (state.status() != PartitionStatus.FAILED) {
        rows.put(
            PartitionKey.parse(asset.grain(), state.partition()).start(),
            state.statistics().rows());
      }
    }
    return rows;
  }
}
