package io.tidemark.core.repair;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.state.RepairTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a repair rebuilds: exactly the models' partitions of an impact set, less what the user
 * excluded, with everything a person should check before it runs.
 *
 * @param tasks per model, the partitions to rebuild, upstream before downstream
 * @param excluded per excluded model, the affected partitions left as they are
 * @param holes excluded partitions that planned tasks read: they rebuild from unrepaired data
 * @param notes why the plan is as wide as it is (partitions that run forward, sources)
 */
public record RepairPlan(
    Impact impact,
    Map<AssetName, PartitionSet> tasks,
    Map<AssetName, PartitionSet> excluded,
    List<Hole> holes,
    List<String> notes) {
  public RepairPlan {
    requireNonNull(impact, "impact is null");
    // Handed over by the planner, in plan order; not copied: a plan can span most of a project.
    tasks = Collections.unmodifiableMap(requireNonNull(tasks, "tasks"));
    excluded = Collections.unmodifiableMap(requireNonNull(excluded, "excluded"));
    holes = List.copyOf(requireNonNull(holes, "holes is null"));
    notes = List.copyOf(requireNonNull(notes, "notes is null"));
  }

  public long taskCount() {
    long count = 0;
    for (PartitionSet partitions : tasks.values()) {
      count += partitions.size();
    }
    return count;
  }

  public boolean isEmpty() {
    return tasks.isEmpty();
  }

  /** The tasks one by one, in plan order, as the state store keeps them. */
  public List<RepairTask> taskList() {
    List<RepairTask> list = new ArrayList<>();
    for (Map.Entry<AssetName, PartitionSet> entry : tasks.entrySet()) {
      for (PartitionKey key : entry.getValue().keys()) {
        list.add(new RepairTask(entry.getKey(), key.toString()));
      }
    }
    return list;
  }

  /**
   * An excluded asset whose affected partitions are read by planned tasks.
   *
   * @param readers per planned reader, the partitions that read the excluded ones
   */
  public record Hole(
      AssetName excluded, PartitionSet partitions, Map<AssetName, PartitionSet> readers) {
    public Hole {
      requireNonNull(excluded, "excluded is null");
      requireNonNull(partitions, "partitions is null");
      readers = Collections.unmodifiableMap(new LinkedHashMap<>(readers));
    }
  }
}
