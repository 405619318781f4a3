package io.tidemark.core.project;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A named group of assets that is scheduled together.
 *
 * @param schedule a cron expression (minute hour day-of-month month day-of-week); empty when the
 *     pipeline only runs on demand
 * @param timezone the zone the cron is read in, and in which a partition's time span ends: a day
 *     partition is due once its day has ended there
 * @param delay how long after a partition ends it becomes due (late-arriving data)
 * @param catchup how far back a scheduler that was down fires what it missed; {@link Duration#ZERO}
 *     for none: only the latest missed fire runs
 * @param after pipelines whose fires this one's wait for, by name
 * @param waitTimeout how long a fire waits for other pipelines and for its inputs before giving up
 */
public record Pipeline(
    String name,
    String description,
    String schedule,
    ZoneId timezone,
    Duration delay,
    Duration catchup,
    List<String> after,
    Duration waitTimeout) {
  public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofHours(6);

  public Pipeline {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(schedule, "schedule is null");
    requireNonNull(timezone, "timezone is null");
    requireNonNull(delay, "delay is null");
    requireNonNull(catchup, "catchup is null");
    after = List.copyOf(requireNonNull(after, "after is null"));
    requireNonNull(waitTimeout, "waitTimeout is null");
    if (delay.isNegative() || catchup.isNegative() || waitTimeout.isNegative()) {
      throw new IllegalArgumentException("pipeline durations cannot be negative");
    }
  }

  /** A pipeline with the default settings: UTC, no delay, no catch-up, waiting on nothing. */
  public Pipeline(String name, String description, String schedule) {
    this(
        name,
        description,
        schedule,
        ZoneOffset.UTC,
        Duration.ZERO,
        Duration.ZERO,
        List.of(),
        DEFAULT_WAIT_TIMEOUT);
  }

  public boolean isScheduled() {
    return !schedule.isEmpty();
  }
}
