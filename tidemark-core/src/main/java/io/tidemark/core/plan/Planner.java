package io.tidemark.core.plan;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.load.DueLoads;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which tasks a run executes: for each selected model and each of its partitions in range,
 * whether it is missing, failed, invalid, defined by other code, or reads inputs that changed or
 * are rebuilt in the same plan. Up-to-date partitions are left alone unless forced.
 */
public final class Planner {
  private static final int MAX_WARNINGS = 10;

  private final Lineage lineage;
  private final DueLoads dueLoads;

  public Planner(Lineage lineage) {
    this(lineage, DueLoads.withoutWatermarks(lineage.project()));
  }

  /**
   * @param dueLoads which loaded sources' partitions are due again though loaded (from the stored
   *     high-water marks)
   */
  public Planner(Lineage lineage, DueLoads dueLoads) {
    this.lineage = requireNonNull(lineage, "lineage is null");
    this.dueLoads = requireNonNull(dueLoads, "dueLoads is null");
  }

  /**
   * The spans of partition states {@link #plan} needs to plan {@code selection} over {@code range}:
   * the selected models' partitions in range and every partition they read.
   */
  public Map<AssetName, TimeRange> stateSpans(Set<AssetName> selection, TimeRange range) {
    List<Task> candidates = new ArrayList<>();
    for (AssetName name : selection) {
      Asset asset = lineage.project().asset(name);
      if (asset.isModel() || lineage.project().isLoaded(name)) {
        for (PartitionKey key : lineage.partitions(asset, range)) {
          candidates.add(new Task(name, key));
        }
      }
    }
    return lineage.stateSpans(candidates);
  }

  /**
   * @param states stored partition states of at least the selected models' partitions in range and
   *     of every partition they read (see {@link #stateSpans})
   */
  public Plan plan(
      String selectionText,
      Set<AssetName> selection,
      TimeRange range,
      boolean force,
      Map<AssetName, Map<String, PartitionState>> states) {
    return plan(selectionText, selection, range, force, WarehouseContents.Present.all(states));
  }

  /**
   * As {@link #plan(String, Set, TimeRange, boolean, Map)}, from stored states set against what the
   * warehouse holds: a partition recorded as built that is not there is planned again.
   */
  public Plan plan(
      String selectionText,
      Set<AssetName> selection,
      TimeRange range,
      boolean force,
      WarehouseContents.Present present) {
    Map<AssetName, Map<String, PartitionState>> states = present.states();
    Project project = lineage.project();
    Map<Task, PlannedTask> planned = new LinkedHashMap<>();
    Map<AssetName, Set<PartitionKey>> neverBuiltInputs = new LinkedHashMap<>();
    Map<AssetName, Set<AssetName>> neverBuiltReaders = new HashMap<>();
    int upToDate = 0;
    for (AssetName name : project.graph().inTopologicalOrder(selection)) {
      Asset asset = project.asset(name);
      if (!(asset.isModel() || project.isLoaded(name))) {
        continue;
      }
      Map<String, PartitionState> own = states.getOrDefault(name, Map.of());
      String codeVersion = project.codeVersion(name);
      for (PartitionKey key : lineage.partitions(asset, range)) {
        Task task = new Task(name, key);
        List<Task> upstream = new ArrayList<>();
        List<Task> inputs = lineage.inputsOf(task);
        for (Task input : inputs) {
          if (planned.containsKey(input)) {
            upstream.add(input);
          }
          PartitionState inputState =
              states.getOrDefault(input.asset(), Map.of()).get(input.partition().toString());
          if (inputState == null
              && (project.asset(input.asset()).isModel() || project.isLoaded(input.asset()))
              && !planned.containsKey(input)) {
            neverBuiltInputs
                .computeIfAbsent(input.asset(), k -> new HashSet<>())
                .add(input.partition());
            neverBuiltReaders.computeIfAbsent(input.asset(), k -> new HashSet<>()).add(name);
          }
        }
        PartitionState state = own.get(key.toString());
        TaskReason reason = null;
        if (force) {
          reason = TaskReason.FORCED;
        } else if (state == null) {
          reason =
              present.isGone(name, key.toString())
                  ? TaskReason.NOT_IN_WAREHOUSE
                  : TaskReason.MISSING;
        } else if (state.status() == PartitionStatus.FAILED) {
          reason = TaskReason.FAILED;
        } else if (state.status() == PartitionStatus.INVALID) {
          reason = TaskReason.INVALID;
        } else if (!state.codeVersion().equals(codeVersion)) {
          reason = TaskReason.CODE_CHANGED;
        } else if (asset.isSource()) {
          // A loaded source reads nothing of the project: it is due by its load's own rule.
          if (dueLoads.isDue(name, key)) {
            reason = TaskReason.DUE;
          }
        } else if (!upstream.isEmpty()) {
          reason = TaskReason.UPSTREAM_RUNS;
        } else {
          String current = lineage.inputVersion(inputs, (a, k) -> versionOf(states, project, a, k));
          if (!current.equals(state.inputVersion())) {
            reason = TaskReason.STALE;
          }
        }
        if (reason == null) {
          upToDate++;
        } else {
          planned.put(task, new PlannedTask(task, reason, upstream));
        }
      }
    }
    List<String> warnings = new ArrayList<>(RangeNotes.of(lineage, selection, range));
    for (Map.Entry<AssetName, Set<PartitionKey>> entry : neverBuiltInputs.entrySet()) {
      if (warnings.size() == MAX_WARNINGS) {
        warnings.add("… and more inputs that were never built");
        break;
      }
      warnings.add(
          entry.getKey()
              + " has "
              + entry.getValue().size()
              + " input partition(s) never built and not in this plan; read by "
              + neverBuiltReaders.get(entry.getKey()).stream().sorted().toList()
              + " (select with + to include upstream: +"
              + entry.getKey().table()
              + ")");
    }
    return new Plan(
        selectionText,
        range,
        new ArrayList<>(planned.values()),
        upToDate,
        warnings,
        lineage.asOf(),
        states);
  }

  /** The stored data version of a partition, for input versions. */
  public static String versionOf(
      Map<AssetName, Map<String, PartitionState>> states,
      Project project,
      AssetName asset,
      PartitionKey key) {
    PartitionState state = states.getOrDefault(asset, Map.of()).get(key.toString());
    if (state != null) {
      return state.dataVersion();
    }
    return project.asset(asset).isSource() ? Lineage.UNSCANNED : Lineage.MISSING;
  }
}
