package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * A stored repair plan; its tasks are read apart ({@link StateStore#repairTasks}), as a plan can
 * hold hundreds of thousands.
 *
 * @param target what the user asked to repair, as typed ({@code raw.user_actions}, {@code --stale})
 * @param rangeStart first day of the requested range (ISO date), empty when none was given
 * @param rangeEnd last day of the requested range (ISO date), empty when none was given
 * @param exclude the selection excluded from the repair, as typed; empty when none
 * @param stopAt the selection the repair stops at, as typed; empty when none
 * @param taskCount how many tasks the plan holds
 * @param status derived from its latest run (see {@link RepairStatus})
 * @param latestRunId the id of its latest run; 0 when it has none
 */
public record Repair(
    long id,
    String target,
    String rangeStart,
    String rangeEnd,
    String exclude,
    String stopAt,
    String createdBy,
    Instant createdAt,
    int taskCount,
    RepairStatus status,
    long latestRunId) {
  public Repair {
    requireNonNull(target, "target is null");
    requireNonNull(rangeStart, "rangeStart is null");
    requireNonNull(rangeEnd, "rangeEnd is null");
    requireNonNull(exclude, "exclude is null");
    requireNonNull(stopAt, "stopAt is null");
    requireNonNull(createdBy, "createdBy is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(status, "status is null");
  }

  /** The id of its latest run, empty before its first. */
  public OptionalLong latestRun() {
    return latestRunId == 0 ? OptionalLong.empty() : OptionalLong.of(latestRunId);
  }
}
