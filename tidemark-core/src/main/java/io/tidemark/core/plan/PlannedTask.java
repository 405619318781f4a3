package io.tidemark.core.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A task in a plan, with why it runs and the tasks of the same plan it must wait for.
 *
 * @param upstream tasks of this plan whose output this task reads
 */
public record PlannedTask(Task task, TaskReason reason, List<Task> upstream) {
  public PlannedTask {
    requireNonNull(task, "task is null");
    requireNonNull(reason, "reason is null");
    upstream = List.copyOf(requireNonNull(upstream, "upstream is null"));
  }
}
