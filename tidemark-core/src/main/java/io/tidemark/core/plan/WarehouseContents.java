package io.tidemark.core.plan;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the warehouse holds, from its catalog (one query), set against what the state store
 * recorded: the state store must not believe itself over the warehouse. A partition Tidemark wrote
 * is gone when its table is gone (a deleted warehouse file, a dropped table) or when its table was
 * created after the partition was written (dropped and made again, and only some days rebuilt
 * since). Rows changed inside a partition that is still there are what {@code tidemark verify}
 * finds, by counting and fingerprinting.
 */
public final class WarehouseContents {
  private final Map<AssetName, Long> generations;

  /**
   * @param generations every table and view in the warehouse, with the run that created it (0 when
   *     unknown), as {@link io.tidemark.core.warehouse.WarehouseSession#tableGenerations} reads
   *     them
   */
  public WarehouseContents(Map<AssetName, Long> generations) {
    this.generations = Map.copyOf(requireNonNull(generations, "generations is null"));
  }

  /** What {@code warehouse} holds now, from its catalog. */
  public static WarehouseContents read(Warehouse warehouse) {
    try (WarehouseSession session = warehouse.openSession()) {
      return new WarehouseContents(session.tableGenerations());
    }
  }

  /**
   * What {@code warehouse} holds now of {@code tables}, from its catalog: enough for {@link
   * #present} of states of those assets.
   */
  public static WarehouseContents read(Warehouse warehouse, Set<AssetName> tables) {
    try (WarehouseSession session = warehouse.openSession()) {
      return new WarehouseContents(session.tableGenerations(tables));
    }
  }

  /** Whether the warehouse holds the partition {@code state} records as written. */
  public boolean holds(Asset asset, PartitionState state) {
    if (!writtenByTidemark(asset) || state.status() != PartitionStatus.MATERIALIZED) {
      return true;
    }
    Long generation = generations.get(asset.name());
    return generation != null && state.runId() >= generation;
  }

  /**
   * The run that created the asset's table or view, 0 when unknown; {@link Long#MAX_VALUE} when it
   * does not exist, so that every partition counts as written before it.
   */
  public long generation(AssetName asset) {
    return generations.getOrDefault(asset, Long.MAX_VALUE);
  }

  /** Whether the asset's table or view exists. */
  public boolean exists(AssetName asset) {
    return generations.containsKey(asset);
  }

  /** Sources are written by their loaders or by others; only what Tidemark writes is checked. */
  private static boolean writtenByTidemark(Asset asset) {
    return asset.isModel();
  }

  /** Stored states with the partitions the warehouse no longer holds left out. */
  public record Present(
      Map<AssetName, Map<String, PartitionState>> states, Map<AssetName, Set<String>> gone) {
    public Present {
      requireNonNull(states, "states is null");
      gone = java.util.Collections.unmodifiableMap(new TreeMap<>(gone));
    }

    /** Every stored state, as it is when the warehouse holds what the store recorded. */
    public static Present all(Map<AssetName, Map<String, PartitionState>> states) {
      return new Present(states, Map.of());
    }

    /** Whether the store recorded the partition as built but the warehouse does not hold it. */
    public boolean isGone(AssetName asset, String partition) {
      return gone.getOrDefault(asset, Set.of()).contains(partition);
    }

    /** One line per asset that lost partitions, for plans and status. */
    public List<String> notices(WarehouseContents contents) {
      return gone.entrySet().stream()
          .map(
              entry ->
                  entry.getKey()
                      + ": "
                      + entry.getValue().size()
                      + (entry.getValue().size() == 1 ? " partition" : " partitions")
                      + " recorded as built "
                      + (entry.getValue().size() == 1 ? "is" : "are")
                      + " not in the warehouse ("
                      + (contents.exists(entry.getKey())
                          ? "its table was dropped and made again"
                          : "its table is gone")
                      + "); planned again")
          .toList();
    }
  }

  /**
   * {@code states} (as a plan reads them) without the partitions the warehouse does not hold: those
   * plan as missing, and what reads them sees a missing input.
   */
  public Present present(Project project, Map<AssetName, Map<String, PartitionState>> states) {
    Map<AssetName, Map<String, PartitionState>> kept = new HashMap<>();
    Map<AssetName, Set<String>> gone = new LinkedHashMap<>();
    states.forEach(
        (name, byKey) -> {
          Asset asset = project.assets().get(name);
          if (asset == null) {
            kept.put(name, byKey);
            return;
          }
          Map<String, PartitionState> present = new HashMap<>();
          Set<String> lost = new HashSet<>();
          for (Map.Entry<String, PartitionState> entry : byKey.entrySet()) {
            if (holds(asset, entry.getValue())) {
              present.put(entry.getKey(), entry.getValue());
            } else {
              lost.add(entry.getKey());
            }
          }
          kept.put(name, lost.isEmpty() ? byKey : present);
          if (!lost.isEmpty()) {
            gone.put(name, Set.copyOf(lost));
          }
        });
    return new Present(kept, gone);
  }
}
