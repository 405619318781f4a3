package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** What is known of a run when it starts; the store assigns its id. */
public record NewRun(
    RunTrigger trigger,
    String selection,
    String rangeStart,
    String rangeEnd,
    int taskCount,
    Instant startedAt,
    RunOwner owner) {
  public NewRun {
    requireNonNull(trigger, "trigger is null");
    requireNonNull(selection, "selection is null");
    requireNonNull(rangeStart, "rangeStart is null");
    requireNonNull(rangeEnd, "rangeEnd is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(owner, "owner is null");
  }
}
