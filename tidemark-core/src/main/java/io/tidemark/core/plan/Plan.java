package io.tidemark.core.plan;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks a run will execute, upstream before downstream, with the edges between them.
 *
 * @param selection the selection as the user typed it
 * @param range the time range the plan covers
 * @param tasks in an order where every task comes after the tasks it waits for
 * @param upToDate partitions in range that were left alone because they are current
 * @param warnings things the user should know before running (inputs that were never built)
 */
public record Plan(
    String selection,
    TimeRange range,
    List<PlannedTask> tasks,
    int upToDate,
    List<String> warnings) {
  public Plan {
    requireNonNull(selection, "selection is null");
    requireNonNull(range, "range is null");
    tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
    warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
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
}
