package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * When partitions become due: a partition's time span is read as wall-clock time in a zone, and the
 * partition is due once its span has ended there, plus a delay for data that lands late. The day
 * 2024-03-01 in Asia/Seoul with a 2h delay is due at 2024-03-02T02:00+09:00.
 */
public final class DuePartitions {
  private final ZoneId zone;
  private final Duration delay;

  public DuePartitions(ZoneId zone, Duration delay) {
    this.zone = requireNonNull(zone, "zone is null");
    this.delay = requireNonNull(delay, "delay is null");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay cannot be negative: " + delay);
    }
  }

  /** The instant {@code key} becomes due. */
  public Instant dueAt(PartitionKey key) {
    return key.end().atZone(zone).toInstant().plus(delay);
  }

  /**
   * The partitions of {@code grain} that became due in {@code (after, until]}, in time order; the
   * unpartitioned key when {@code grain} is {@link Grain#ALL}, as it is always due.
   */
  public List<PartitionKey> between(Grain grain, Instant after, Instant until) {
    requireNonNull(grain, "grain is null");
    requireNonNull(after, "after is null");
    requireNonNull(until, "until is null");
    if (grain == Grain.ALL) {
      return List.of(PartitionKey.ALL);
    }
    List<PartitionKey> due = new ArrayList<>();
    if (!until.isAfter(after)) {
      return due;
    }
    // Wall time moves with the instant except across offset changes, which shift it by at most
    // a day: start one partition early and keep what the exact test accepts.
    LocalDateTime from = LocalDateTime.ofInstant(after.minus(delay), zone).minusDays(1);
    PartitionKey key = PartitionKey.containing(grain, grain.plus(grain.truncate(from), -1));
    LocalDateTime last = LocalDateTime.ofInstant(until.minus(delay), zone).plusDays(1);
    while (!key.end().isAfter(last)) {
      Instant at = dueAt(key);
      if (at.isAfter(after) && !at.isAfter(until)) {
        due.add(key);
      }
      key = key.next();
    }
    return due;
  }
}
