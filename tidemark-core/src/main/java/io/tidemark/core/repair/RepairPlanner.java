package io.tidemark.core.repair;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.AssetGraph;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.impact.Impact.AffectedAsset;
import io.tidemark.core.impact.Impact.Via;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.PlannedTask;
import io.tidemark.core.plan.Task;
import io.tidemark.core.plan.TaskReason;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.RepairTask;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns an impact set into a repair plan, and a stored plan into tasks a run can execute. */
public final class RepairPlanner {
  private final AssetGraph graph;

  public RepairPlanner(AssetGraph graph) {
    this.graph = requireNonNull(graph, "graph is null");
  }

  /**
   * Every affected model partition becomes a task, nothing more: sources are not Tidemark's to
   * load, and excluded models are left as they are (with the holes that leaves).
   */
  public RepairPlan plan(Impact impact, Set<AssetName> exclude) {
    requireNonNull(impact, "impact is null");
    requireNonNull(exclude, "exclude is null");
    Map<AssetName, PartitionSet> tasks = new LinkedHashMap<>();
    Map<AssetName, PartitionSet> excluded = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (AffectedAsset affected : impact.assets().values()) {
      Asset asset = graph.asset(affected.asset());
      if (asset.isSource()) {
        notes.add(
            asset.name()
                + " is a source: Tidemark does not load it; its readers are rebuilt from what it"
                + " holds now");
      } else if (exclude.contains(asset.name())) {
        excluded.put(asset.name(), affected.partitions());
      } else {
        tasks.put(asset.name(), affected.partitions());
      }
      if (affected.runsForward()) {
        notes.add(
            asset.name()
                + " reads its own previous partition: the damage runs forward to its last built"
                + " partition, "
                + affected.partitions().last());
      }
      if (affected.stoppedHere()) {
        notes.add(asset.name() + " is a --stop-at asset: its readers are not rebuilt");
      }
    }
    return new RepairPlan(impact, tasks, excluded, holes(impact, tasks, excluded), notes);
  }

  private static List<RepairPlan.Hole> holes(
      Impact impact, Map<AssetName, PartitionSet> tasks, Map<AssetName, PartitionSet> excluded) {
    List<RepairPlan.Hole> holes = new ArrayList<>();
    for (Map.Entry<AssetName, PartitionSet> entry : excluded.entrySet()) {
      Map<AssetName, PartitionSet> readers = new LinkedHashMap<>();
      for (AffectedAsset affected : impact.assets().values()) {
        if (!tasks.containsKey(affected.asset())) {
          continue;
        }
        for (Via via : affected.via()) {
          if (via.upstream().equals(entry.getKey())) {
            readers.merge(affected.asset(), via.partitions(), PartitionSet::union);
          }
        }
      }
      if (!readers.isEmpty()) {
        holes.add(new RepairPlan.Hole(entry.getKey(), entry.getValue(), readers));
      }
    }
    return holes;
  }

  /**
   * The tasks of a stored repair as a plan a run executes: each waits for the tasks of the same
   * repair it reads. Tasks already done (a resumed repair) are simply not passed in.
   *
   * @param states the stored states the tasks' partitions and their inputs have now (see {@link
   *     #stateSpans}), as the plan carries them
   */
  public static Plan executable(
      Lineage lineage,
      String selection,
      TimeRange range,
      Collection<RepairTask> repairTasks,
      Map<AssetName, Map<String, PartitionState>> states) {
    Set<Task> planned = new HashSet<>();
    List<Task> ordered = new ArrayList<>();
    for (RepairTask repairTask : repairTasks) {
      Asset asset = lineage.project().asset(repairTask.asset());
      Task task = new Task(asset.name(), PartitionKey.parse(asset.grain(), repairTask.partition()));
      if (planned.add(task)) {
        ordered.add(task);
      }
    }
    AssetGraph graph = lineage.project().graph();
    ordered.sort(
        (a, b) -> {
          int byAsset = Integer.compare(graph.position(a.asset()), graph.position(b.asset()));
          return byAsset != 0 ? byAsset : a.partition().compareTo(b.partition());
        });
    List<PlannedTask> tasks = new ArrayList<>(ordered.size());
    for (Task task : ordered) {
      List<Task> upstream = new ArrayList<>();
      for (Task input : lineage.inputsOf(task)) {
        if (planned.contains(input)) {
          upstream.add(input);
        }
      }
      tasks.add(new PlannedTask(task, TaskReason.REPAIR, upstream));
    }
    return new Plan(selection, range, tasks, 0, List.of(), lineage.asOf(), states);
  }

  /** The spans of partition states the tasks of a repair read and write, per asset. */
  public static Map<AssetName, TimeRange> stateSpans(
      Lineage lineage, Collection<RepairTask> repairTasks) {
    List<Task> tasks = new ArrayList<>(repairTasks.size());
    for (RepairTask repairTask : repairTasks) {
      Asset asset = lineage.project().asset(repairTask.asset());
      tasks.add(new Task(asset.name(), PartitionKey.parse(asset.grain(), repairTask.partition())));
    }
    return lineage.stateSpans(tasks);
  }
}
