package io.tidemark.core.plan;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.TaskStatistics;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Partition states as a state store would hold them, written the way a run writes them: a built
 * partition records the current code version and the versions of the inputs it read.
 */
public final class StoredStates {
  private static final Instant WRITTEN = Instant.parse("2024-02-03T05:00:00Z");

  private final Lineage lineage;
  private final Project project;
  private final Map<AssetName, Map<String, PartitionState>> states = new HashMap<>();

  public StoredStates(Lineage lineage) {
    this.lineage = lineage;
    this.project = lineage.project();
  }

  /** Every source partition scanned at {@code version}, every model partition built after. */
  public StoredStates everythingBuilt() {
    for (AssetName name : project.graph().topologicalOrder()) {
      if (project.asset(name).isSource()) {
        scanned(name.toString(), "v1");
      } else {
        built(name.toString());
      }
    }
    return this;
  }

  /** Every partition of a source in its domain fingerprinted at {@code version}. */
  public StoredStates scanned(String source, String version) {
    Asset asset = project.resolve(source);
    for (PartitionKey key : lineage.partitions(asset, lineage.domain(asset))) {
      put(asset.name(), key, PartitionStatus.MATERIALIZED, version, "", "");
    }
    return this;
  }

  /** One source partition fingerprinted at {@code version}, as when its data was reloaded. */
  public StoredStates scanned(String source, String partition, String version) {
    Asset asset = project.resolve(source);
    put(
        asset.name(),
        PartitionKey.parse(asset.grain(), partition),
        PartitionStatus.MATERIALIZED,
        version,
        "",
        "");
    return this;
  }

  /** Every partition of a model in its domain built, in time order, from the stored inputs. */
  public StoredStates built(String model) {
    Asset asset = project.resolve(model);
    for (PartitionKey key : lineage.partitions(asset, lineage.domain(asset))) {
      built(asset.name(), key);
    }
    return this;
  }

  /** One model partition rebuilt now from the stored inputs. */
  public StoredStates built(String model, String partition) {
    Asset asset = project.resolve(model);
    built(asset.name(), PartitionKey.parse(asset.grain(), partition));
    return this;
  }

  private void built(AssetName name, PartitionKey key) {
    String codeVersion = project.codeVersion(name);
    String inputVersion =
        lineage.inputVersion(
            new Task(name, key), (a, k) -> Planner.versionOf(states, project, a, k));
    put(
        name,
        key,
        PartitionStatus.MATERIALIZED,
        Lineage.dataVersion(codeVersion, inputVersion),
        codeVersion,
        inputVersion);
  }

  public StoredStates status(String asset, String partition, PartitionStatus status) {
    PartitionState state = states.get(project.resolve(asset).name()).get(partition);
    put(
        state.asset(),
        PartitionKey.parse(project.asset(state.asset()).grain(), partition),
        status,
        state.dataVersion(),
        state.codeVersion(),
        state.inputVersion());
    return this;
  }

  public Map<AssetName, Map<String, PartitionState>> asMap() {
    Map<AssetName, Map<String, PartitionState>> copy = new HashMap<>();
    states.forEach((name, byKey) -> copy.put(name, Map.copyOf(byKey)));
    return copy;
  }

  private void put(
      AssetName name,
      PartitionKey key,
      PartitionStatus status,
      String dataVersion,
      String codeVersion,
      String inputVersion) {
    states
        .computeIfAbsent(name, k -> new HashMap<>())
        .put(
            key.toString(),
            new PartitionState(
                name,
                key.toString(),
                status,
                dataVersion,
                codeVersion,
                inputVersion,
                TaskStatistics.NONE,
                1,
                WRITTEN));
  }
}
