package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A repair plan as the core computed it; the store assigns its id.
 *
 * @param target what the user asked to repair, as typed ({@code raw.user_actions}, {@code --stale})
 * @param rangeStart first day of the requested range (ISO date), empty when none was given
 * @param rangeEnd last day of the requested range (ISO date), empty when none was given
 * @param exclude the selection excluded from the repair, as typed; empty when none
 * @param stopAt the selection the repair stops at, as typed; empty when none
 * @param tasks the partitions to rebuild, in plan order, each once
 */
public record NewRepair(
    String target,
    String rangeStart,
    String rangeEnd,
    String exclude,
    String stopAt,
    String createdBy,
    Instant createdAt,
    List<RepairTask> tasks) {
  public NewRepair {
    requireNonNull(target, "target is null");
    requireNonNull(rangeStart, "rangeStart is null");
    requireNonNull(rangeEnd, "rangeEnd is null");
    requireNonNull(exclude, "exclude is null");
    requireNonNull(stopAt, "stopAt is null");
    requireNonNull(createdBy, "createdBy is null");
    requireNonNull(createdAt, "createdAt is null");
    tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
  }
}
