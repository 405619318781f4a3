package io.tidemark.core.source;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.state.PartitionState;
import java.util.List;

/**
 * What fingerprinting one source found.
 *
 * @param scanned partitions fingerprinted
 * @param changes partitions whose version is new or changed, in time order
 * @param checks the source's checks, evaluated on the new or changed partitions
 * @param recorded the states written for the new or changed partitions, as {@code changes} lists
 *     them
 */
public record SourceScan(
    AssetName source,
    int scanned,
    List<Change> changes,
    List<io.tidemark.core.state.CheckResult> checks,
    List<PartitionState> recorded) {
  public SourceScan {
    requireNonNull(source, "source is null");
    changes = List.copyOf(requireNonNull(changes, "changes is null"));
    checks = List.copyOf(requireNonNull(checks, "checks is null"));
    recorded = List.copyOf(requireNonNull(recorded, "recorded is null"));
  }

  /** The partitions whose data changed since the last scan (not counting first scans). */
  public PartitionSet changed(io.tidemark.core.partition.Grain grain) {
    return PartitionSet.of(
        grain, changes.stream().filter(c -> !c.isFirstScan()).map(Change::partition).toList());
  }

  /**
   * One partition whose version was recorded.
   *
   * @param rowsBefore rows at the previous scan; -1 when the partition was never scanned
   */
  public record Change(PartitionKey partition, long rowsBefore, long rowsAfter) {
    public Change {
      requireNonNull(partition, "partition is null");
    }

    public boolean isFirstScan() {
      return rowsBefore < 0;
    }
  }
}
