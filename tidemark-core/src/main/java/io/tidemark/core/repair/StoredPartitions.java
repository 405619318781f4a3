package io.tidemark.core.repair;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Which partitions hold data, as the state store tells it. */
public final class StoredPartitions {
  private StoredPartitions() {}

  /**
   * Per asset, the partitions that hold data: for a source, its whole domain (Tidemark does not
   * load sources, so every partition may hold rows); for a model, every partition with a stored
   * state, except those whose only attempts failed.
   */
  public static Function<AssetName, PartitionSet> built(
      Lineage lineage, Map<AssetName, Map<String, PartitionState>> states) {
    return name -> {
      Asset asset = lineage.project().asset(name);
      if (asset.isSource()) {
        return PartitionSet.overlapping(asset.grain(), lineage.domain(asset));
      }
      return of(asset, states.getOrDefault(name, Map.of()).values(), s -> holdsData(s));
    };
  }

  /** The partitions among {@code states} that meet {@code test}. */
  public static PartitionSet of(
      Asset asset,
      Iterable<PartitionState> states,
      java.util.function.Predicate<PartitionState> test) {
    List<PartitionKey> keys = new ArrayList<>();
    for (PartitionState state : states) {
      if (test.test(state)) {
        keys.add(PartitionKey.parse(asset.grain(), state.partition()));
      }
    }
    return PartitionSet.of(asset.grain(), keys);
  }

  private static boolean holdsData(PartitionState state) {
    return state.status() != PartitionStatus.FAILED || !state.dataVersion().equals(Lineage.MISSING);
  }
}
