package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a schedule stands: when it fires next, how its last fire went, and what its open fires wait
 * for.
 *
 * @param nextFire null when the cron never fires again
 * @param lastFire null before its first fire
 * @param open its fires that are waiting or running, oldest first
 */
public record ScheduleState(Schedule schedule, Instant nextFire, Fire lastFire, List<Fire> open) {
  public ScheduleState {
    requireNonNull(schedule, "schedule is null");
    open = List.copyOf(requireNonNull(open, "open is null"));
  }

  public Optional<Instant> next() {
    return Optional.ofNullable(nextFire);
  }

  public Optional<Fire> last() {
    return Optional.ofNullable(lastFire);
  }

  /**
   * The states of {@code schedules} at {@code now}, in their order: one read of the open fires and
   * one of each schedule's latest.
   */
  public static List<ScheduleState> of(
      Iterable<Schedule> schedules, ScheduleStore store, Instant now) {
    List<Fire> open = store.openFires();
    List<ScheduleState> states = new java.util.ArrayList<>();
    for (Schedule schedule : schedules) {
      states.add(
          new ScheduleState(
              schedule,
              schedule.cron().next(now).orElse(null),
              store.latestFire(schedule.name()).orElse(null),
              open.stream().filter(f -> f.schedule().equals(schedule.name())).toList()));
    }
    return states;
  }
}
