package io.tidemark.store;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionTally;
import io.tidemark.core.state.StateStore.RowCountConsumer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The partition-state part of {@link JdbcStateStore}: each call one transaction over {@link
 * PartitionStateTable} and {@link RowCountChunks}.
 */
final class PartitionRecords {
  private final StoreConnection connection;

  PartitionRecords(StoreConnection connection) {
    this.connection = requireNonNull(connection, "connection is null");
  }

  List<PartitionState> partitions(Collection<AssetName> assets) {
    requireNonNull(assets, "assets is null");
    List<String> wanted = names(assets);
    return connection.read(
        "read partition states", statements -> PartitionStateTable.ofAssets(statements, wanted));
  }

  List<PartitionState> partitions(Collection<AssetName> assets, TimeRange range) {
    requireNonNull(assets, "assets is null");
    requireNonNull(range, "range is null");
    List<String> wanted = names(assets);
    return connection.read(
        "read partition states from " + range.start() + " to " + range.end(),
        statements ->
            PartitionStateTable.overlapping(statements, connection.dialect(), wanted, range));
  }

  List<PartitionState> failedOrUnpartitioned() {
    return connection.read(
        "read failed and unpartitioned partition states",
        PartitionStateTable::failedOrUnpartitioned);
  }

  Map<AssetName, Double> meanWallMillis(Collection<AssetName> assets) {
    requireNonNull(assets, "assets is null");
    List<String> wanted = names(assets);
    if (wanted.isEmpty()) {
      return Map.of();
    }
    return connection.read(
        "read wall times", statements -> PartitionStateTable.meanWallMillis(statements, wanted));
  }

  List<PartitionTally> tally(Map<AssetName, PartitionTally.KeyRun> runs) {
    requireNonNull(runs, "runs is null");
    if (runs.isEmpty()) {
      return List.of();
    }
    return connection.read(
        "count partition states",
        statements -> PartitionStateTable.tally(statements, connection.dialect(), runs));
  }

  Optional<PartitionState> partition(AssetName asset, String partition) {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    return connection.read(
        "read partition state of " + asset + " " + partition,
        statements -> PartitionStateTable.find(statements, asset.toString(), partition));
  }

  void rowCounts(Collection<AssetName> assets, RowCountConsumer consumer) {
    requireNonNull(assets, "assets is null");
    requireNonNull(consumer, "consumer is null");
    List<String> wanted = names(assets);
    if (wanted.isEmpty()) {
      return;
    }
    connection.read(
        "read row counts",
        statements -> {
          RowCountChunks.read(statements, wanted, consumer);
          return null;
        });
  }

  void putPartitions(Collection<PartitionState> states) {
    requireNonNull(states, "states is null");
    List<PartitionState> toWrite = List.copyOf(states);
    if (toWrite.isEmpty()) {
      return;
    }
    connection.write(
        "write " + toWrite.size() + " partition states",
        statements -> {
          PartitionStateTable.upsertAll(statements, connection.dialect(), toWrite);
          return null;
        });
  }

  /** The assets' names as stored, each once. */
  static List<String> names(Collection<AssetName> assets) {
    return assets.stream().map(AssetName::toString).distinct().toList();
  }
}
