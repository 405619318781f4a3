package io.tidemark.core.plan;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.state.PartitionState;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks a run will execute, upstream before downstream, with the edges between them, and what
 * they were decided from: the instant the project's partitions were taken at and the partition
 * states read. Executing the plan reads neither again, so a plan is made right before it runs.
 *
 * @param selection the selection as the user typed it
 * @param range the time range the plan covers
 * @param tasks in an order where every task comes after the tasks it waits for
 * @param upToDate partitions in range that were left alone because they are current
 * @param warnings things the user should know before running (inputs that were never built)
 * @param asOf the instant of the lineage the plan was made with (see {@link Lineage#asOf})
 * @param states the stored states of the planned partitions and of every partition they read, as
 *     the warehouse holds them (partitions gone from it left out); not copied, since a plan over a
 *     long history holds many
 */
public record Plan(
    String selection,
    TimeRange range,
    List<PlannedTask> tasks,
    int upToDate,
    List<String> warnings,
    ZonedDateTime asOf,
    Map<AssetName, Map<String, PartitionState>> states) {
  public Plan {
    requireNonNull(selection, "selection is null");
    requireNonNull(range, "range is null");
    tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
    warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    requireNonNull(asOf, "asOf is null");
    states = Collections.unmodifiableMap(requireNonNull(states, "states is null"));
  }

  /** The same plan with {@code notices} before its warnings. */
  public Plan withNoticesFirst(List<String> notices) {
    if (notices.isEmpty()) {
      return this;
    }
    List<String> all = new ArrayList<>(notices);
    all.addAll(warnings);
    return new Plan(selection, range, tasks, upToDate, all, asOf, states);
  }

  public boolean isEmpty() {
    return tasks.isEmpty();
  }

  /** For each task, the tasks of this plan that wait for it. */
  public Map<Task, List<Task>> downstream() {
    Map<Task, List<Task>> children = new HashMap<>();
    for (PlannedTask planned : tasks) {
      children.computeIfAbsent(planned.task(), k -> new ArrayList<>());
      for (Task upstream : planned.upstream()) {
        children.computeIfAbsent(upstream, k -> new ArrayList<>()).add(planned.task());
      }
    }
    return children;
  }

  /** The planned tasks grouped by asset, in plan order. */
  public Map<AssetName, List<PlannedTask>> byAsset() {
    Map<AssetName, List<PlannedTask>> grouped = new LinkedHashMap<>();
    for (PlannedTask planned : tasks) {
      grouped.computeIfAbsent(planned.task().asset(), k -> new ArrayList<>()).add(planned);
    }
    return Collections.unmodifiableMap(grouped);
  }

  /** Without the states, which can be many. */
  @Override
  public String toString() {
    return "Plan[selection="
        + selection
        + ", range="
        + range
        + ", tasks="
        + tasks.size()
        + ", upToDate="
        + upToDate
        + ", asOf="
        + asOf
        + "]";
  }
}
