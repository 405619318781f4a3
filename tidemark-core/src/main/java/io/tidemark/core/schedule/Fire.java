package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One fire of a schedule, as the store holds it.
 *
 * @param schedule the schedule's name (a pipeline, or a model with its own schedule)
 * @param fireTime the cron's time, not when the fire was noticed
 * @param windowStart the fire builds the partitions due after this time; {@link Instant#EPOCH} for
 *     everything due (a schedule's first fire)
 * @param runId the latest run started for the fire; 0 before any
 * @param detail what a waiting fire waits for, or how a finished one ended
 */
public record Fire(
    long id,
    String schedule,
    Instant fireTime,
    Instant windowStart,
    FireStatus status,
    long runId,
    String detail,
    Instant recordedAt,
    Instant updatedAt) {
  public Fire {
    requireNonNull(schedule, "schedule is null");
    requireNonNull(fireTime, "fireTime is null");
    requireNonNull(windowStart, "windowStart is null");
    requireNonNull(status, "status is null");
    requireNonNull(detail, "detail is null");
    requireNonNull(recordedAt, "recordedAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }
}
