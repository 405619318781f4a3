package io.tidemark.core.impact;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.Planner;
import io.tidemark.core.plan.Task;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the model partitions that no longer match their inputs: stale ones (an input's data version
 * changed since they were built) and invalid ones (marked bad by an incident). They are the roots
 * of {@code tidemark repair --stale}.
 */
public final class Staleness {
  private Staleness() {}

  /**
   * @param stale per model, partitions whose inputs changed since they were built
   * @param invalid per asset, partitions marked bad by an incident
   * @param changedInputs per stale model, the inputs that changed after it was built
   */
  public record Report(
      Map<AssetName, PartitionSet> stale,
      Map<AssetName, PartitionSet> invalid,
      Map<AssetName, List<AssetName>> changedInputs) {
    public Report {
      stale = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(stale, "stale")));
      invalid =
          Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(invalid, "invalid")));
      changedInputs = Map.copyOf(requireNonNull(changedInputs, "changedInputs"));
    }

    public boolean isEmpty() {
      return stale.isEmpty() && invalid.isEmpty();
    }

    /** What a repair of everything stale starts from: stale and invalid model partitions. */
    public Map<AssetName, PartitionSet> repairRoots(Project project) {
      Map<AssetName, PartitionSet> roots = new LinkedHashMap<>(stale);
      invalid.forEach(
          (name, partitions) -> {
            if (project.asset(name).isModel()) {
              roots.merge(name, partitions, PartitionSet::union);
            }
          });
      return roots;
    }
  }

  public static Report find(Lineage lineage, Map<AssetName, Map<String, PartitionState>> states) {
    Project project = lineage.project();
    Map<AssetName, PartitionSet> stale = new LinkedHashMap<>();
    Map<AssetName, PartitionSet> invalid = new LinkedHashMap<>();
    Map<AssetName, List<AssetName>> changedInputs = new LinkedHashMap<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      Asset asset = project.asset(name);
      Map<String, PartitionState> own = states.getOrDefault(name, Map.of());
      List<PartitionKey> staleKeys = new ArrayList<>();
      List<PartitionKey> invalidKeys = new ArrayList<>();
      TreeSet<AssetName> changed = new TreeSet<>();
      for (PartitionState state : own.values()) {
        PartitionKey key = PartitionKey.parse(asset.grain(), state.partition());
        if (state.status() == PartitionStatus.INVALID) {
          invalidKeys.add(key);
          continue;
        }
        if (!asset.isModel() || state.status() != PartitionStatus.MATERIALIZED) {
          continue;
        }
        List<Task> inputs = lineage.inputsOf(new Task(name, key));
        String current =
            lineage.inputVersion(inputs, (a, k) -> Planner.versionOf(states, project, a, k));
        if (!current.equals(state.inputVersion())) {
          staleKeys.add(key);
          for (Task input : inputs) {
            PartitionState read =
                states.getOrDefault(input.asset(), Map.of()).get(input.partition().toString());
            if (read == null || read.updatedAt().isAfter(state.updatedAt())) {
              changed.add(input.asset());
            }
          }
        }
      }
      if (!staleKeys.isEmpty()) {
        stale.put(name, PartitionSet.of(asset.grain(), staleKeys));
        changedInputs.put(name, List.copyOf(changed));
      }
      if (!invalidKeys.isEmpty()) {
        invalid.put(name, PartitionSet.of(asset.grain(), invalidKeys));
      }
    }
    return new Report(stale, invalid, changedInputs);
  }
}
