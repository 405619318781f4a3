package io.tidemark.core.partition;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** A half-open span of time {@code [start, end)} in UTC. */
public record TimeRange(LocalDateTime start, LocalDateTime end) {
  public TimeRange {
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("range end " + end + " is before its start " + start);
    }
  }

  /** The days {@code first} to {@code last}, both included. */
  public static TimeRange ofDays(LocalDate first, LocalDate last) {
    return new TimeRange(first.atStartOfDay(), last.plusDays(1).atStartOfDay());
  }

  public boolean isEmpty() {
    return start.equals(end);
  }

  public boolean overlaps(LocalDateTime otherStart, LocalDateTime otherEnd) {
    return otherStart.isBefore(end) && start.isBefore(otherEnd);
  }

  public boolean contains(PartitionKey key) {
    return !key.start().isBefore(start) && !key.end().isAfter(end);
  }

  /** The partitions of {@code grain} lying wholly inside this range, in time order. */
  public List<PartitionKey> partitionsInside(Grain grain) {
    if (grain == Grain.ALL) {
      return List.of(PartitionKey.ALL);
    }
    List<PartitionKey> keys = new ArrayList<>();
    LocalDateTime first = grain.truncate(start);
    PartitionKey key = PartitionKey.of(grain, first.isBefore(start) ? grain.plus(first, 1) : first);
    while (!key.end().isAfter(end)) {
      keys.add(key);
      key = key.next();
    }
    return keys;
  }

  /** The partitions of {@code grain} that share any time with this range, in time order. */
  public List<PartitionKey> partitionsOverlapping(Grain grain) {
    if (grain == Grain.ALL) {
      return List.of(PartitionKey.ALL);
    }
    List<PartitionKey> keys = new ArrayList<>();
    if (isEmpty()) {
      return keys;
    }
    PartitionKey key = PartitionKey.containing(grain, start);
    while (key.start().isBefore(end)) {
      keys.add(key);
      key = key.next();
    }
    return keys;
  }

  public TimeRange intersect(TimeRange other) {
    LocalDateTime s = start.isAfter(other.start) ? start : other.start;
    LocalDateTime e = end.isBefore(other.end) ? end : other.end;
    return e.isBefore(s) ? new TimeRange(s, s) : new TimeRange(s, e);
  }
}
