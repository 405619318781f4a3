package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One execution of a plan.
 *
 * @param selection the selection the user asked for, as typed
 * @param rangeStart first day of the requested range (ISO date), empty when none was given
 * @param rangeEnd last day of the requested range (ISO date), empty when none was given
 * @param endedAt null while running
 */
public record Run(
    long id,
    RunTrigger trigger,
    RunStatus status,
    String selection,
    String rangeStart,
    String rangeEnd,
    int taskCount,
    Instant startedAt,
    Instant endedAt,
    RunOwner owner) {
  public Run {
    requireNonNull(trigger, "trigger is null");
    requireNonNull(status, "status is null");
    requireNonNull(selection, "selection is null");
    requireNonNull(rangeStart, "rangeStart is null");
    requireNonNull(rangeEnd, "rangeEnd is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(owner, "owner is null");
  }

  public Optional<Instant> ended() {
    return Optional.ofNullable(endedAt);
  }
}
