package io.tidemark.core.partition;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of partitions of one grain, held as disjoint, sorted spans of time aligned to the grain, so
 * that a year of daily partitions costs one span rather than 365 keys. Immutable.
 */
public final class PartitionSet {
  private final Grain grain;
  private final List<TimeRange> spans;

  private PartitionSet(Grain grain, List<TimeRange> spans) {
    this.grain = grain;
    this.spans = spans;
  }

  public static PartitionSet empty(Grain grain) {
    return new PartitionSet(requireNonNull(grain, "grain is null"), List.of());
  }

  /** The partitions of {@code grain} overlapping any of {@code ranges}. */
  public static PartitionSet overlapping(Grain grain, List<TimeRange> ranges) {
    requireNonNull(grain, "grain is null");
    if (ranges.size() == 1) {
      TimeRange range = ranges.get(0);
      return range.isEmpty()
          ? empty(grain)
          : new PartitionSet(grain, List.of(grain == Grain.ALL ? ALL_SPAN : align(grain, range)));
    }
    List<TimeRange> aligned = new ArrayList<>(ranges.size());
    for (TimeRange range : ranges) {
      if (range.isEmpty()) {
        continue;
      }
      aligned.add(grain == Grain.ALL ? ALL_SPAN : align(grain, range));
    }
    return new PartitionSet(grain, normalise(aligned));
  }

  public static PartitionSet overlapping(Grain grain, TimeRange range) {
    return overlapping(grain, List.of(range));
  }

  /** The given keys, all of {@code grain}. */
  public static PartitionSet of(Grain grain, Iterable<PartitionKey> keys) {
    List<TimeRange> ranges = new ArrayList<>();
    for (PartitionKey[] run : PartitionRanges.runs(keys)) {
      if (run[0].grain() != grain) {
        throw new IllegalArgumentException("partition " + run[0] + " is not of grain " + grain);
      }
      ranges.add(new TimeRange(run[0].start(), run[1].end()));
    }
    return overlapping(grain, ranges);
  }

  public Grain grain() {
    return grain;
  }

  /** Disjoint, non-adjacent spans in time order, each aligned to the grain. */
  public List<TimeRange> spans() {
    return spans;
  }

  public boolean isEmpty() {
    return spans.isEmpty();
  }

  public PartitionSet union(PartitionSet other) {
    requireSameGrain(other);
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    if (spans.size() == 1 && other.spans.size() == 1) {
      TimeRange a = spans.get(0);
      TimeRange b = other.spans.get(0);
      if (!a.start().isAfter(b.end()) && !b.start().isAfter(a.end())) {
        LocalDateTime start = a.start().isBefore(b.start()) ? a.start() : b.start();
        LocalDateTime end = a.end().isAfter(b.end()) ? a.end() : b.end();
        return start.equals(a.start()) && end.equals(a.end())
            ? this
            : new PartitionSet(grain, List.of(new TimeRange(start, end)));
      }
    }
    List<TimeRange> all = new ArrayList<>(spans.size() + other.spans.size());
    all.addAll(spans);
    all.addAll(other.spans);
    return new PartitionSet(grain, normalise(all));
  }

  public PartitionSet intersect(PartitionSet other) {
    requireSameGrain(other);
    if (spans.size() == 1 && other.spans.size() == 1) {
      TimeRange both = spans.get(0).intersect(other.spans.get(0));
      if (both.equals(spans.get(0))) {
        return this;
      }
      return both.isEmpty() ? empty(grain) : new PartitionSet(grain, List.of(both));
    }
    List<TimeRange> result = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < spans.size() && j < other.spans.size()) {
      TimeRange a = spans.get(i);
      TimeRange b = other.spans.get(j);
      TimeRange both = a.intersect(b);
      if (!both.isEmpty()) {
        result.add(both);
      }
      if (a.end().isBefore(b.end())) {
        i++;
      } else {
        j++;
      }
    }
    return new PartitionSet(grain, List.copyOf(result));
  }

  /** The partitions of this set not in {@code other}. */
  public PartitionSet minus(PartitionSet other) {
    requireSameGrain(other);
    List<TimeRange> result = new ArrayList<>();
    int j = 0;
    for (TimeRange span : spans) {
      LocalDateTime cursor = span.start();
      while (j < other.spans.size() && !other.spans.get(j).end().isAfter(cursor)) {
        j++;
      }
      int k = j;
      while (k < other.spans.size() && other.spans.get(k).start().isBefore(span.end())) {
        TimeRange cut = other.spans.get(k);
        if (cut.start().isAfter(cursor)) {
          result.add(new TimeRange(cursor, cut.start()));
        }
        if (cut.end().isAfter(cursor)) {
          cursor = cut.end();
        }
        k++;
      }
      if (cursor.isBefore(span.end())) {
        result.add(new TimeRange(cursor, span.end()));
      }
    }
    return new PartitionSet(grain, List.copyOf(result));
  }

  public boolean contains(PartitionKey key) {
    if (grain == Grain.ALL) {
      return !isEmpty() && key.grain() == Grain.ALL;
    }
    for (TimeRange span : spans) {
      if (span.contains(key)) {
        return true;
      }
    }
    return false;
  }

  /** The partitions, in time order. */
  public List<PartitionKey> keys() {
    List<PartitionKey> keys = new ArrayList<>();
    for (TimeRange span : spans) {
      keys.addAll(span.partitionsOverlapping(grain));
    }
    return keys;
  }

  /** The latest partition of a non-empty set. */
  public PartitionKey last() {
    if (isEmpty()) {
      throw new IllegalStateException("the set is empty");
    }
    TimeRange span = spans.get(spans.size() - 1);
    return grain == Grain.ALL
        ? PartitionKey.ALL
        : PartitionKey.containing(grain, span.end().minusNanos(1));
  }

  /** How many partitions the set holds, without listing them. */
  public long size() {
    long count = 0;
    for (TimeRange span : spans) {
      count +=
          switch (grain) {
            case HOUR -> Duration.between(span.start(), span.end()).toHours();
            case DAY -> ChronoUnit.DAYS.between(span.start(), span.end());
            case MONTH -> ChronoUnit.MONTHS.between(span.start(), span.end());
            case ALL -> 1;
          };
    }
    return count;
  }

  /** The keys compressed into ranges, as {@link PartitionRanges#describe} writes them. */
  public String describe() {
    if (grain == Grain.ALL) {
      return isEmpty() ? "" : PartitionKey.ALL.toString();
    }
    List<String> parts = new ArrayList<>();
    for (TimeRange span : spans) {
      PartitionKey first = PartitionKey.of(grain, span.start());
      PartitionKey last = PartitionKey.containing(grain, span.end().minusNanos(1));
      parts.add(first.equals(last) ? first.toString() : first + ".." + last);
    }
    return String.join(", ", parts);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PartitionSet set && set.grain == grain && set.spans.equals(spans);
  }

  @Override
  public int hashCode() {
    return grain.hashCode() * 31 + spans.hashCode();
  }

  @Override
  public String toString() {
    return describe();
  }

  /** The one span standing for the single partition of an unpartitioned asset. */
  private static final TimeRange ALL_SPAN =
      new TimeRange(PartitionKey.ALL.start(), PartitionKey.ALL.start().plusNanos(1));

  private static TimeRange align(Grain grain, TimeRange range) {
    LocalDateTime start = grain.truncate(range.start());
    LocalDateTime end = grain.truncate(range.end());
    if (end.isBefore(range.end())) {
      end = grain.plus(end, 1);
    }
    return new TimeRange(start, end);
  }

  private static List<TimeRange> normalise(List<TimeRange> ranges) {
    if (ranges.size() <= 1) {
      return List.copyOf(ranges);
    }
    List<TimeRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparing(TimeRange::start));
    List<TimeRange> merged = new ArrayList<>();
    TimeRange current = sorted.get(0);
    for (int i = 1; i < sorted.size(); i++) {
      TimeRange next = sorted.get(i);
      if (next.start().isAfter(current.end())) {
        merged.add(current);
        current = next;
      } else if (next.end().isAfter(current.end())) {
        current = new TimeRange(current.start(), next.end());
      }
    }
    merged.add(current);
    return List.copyOf(merged);
  }

  private void requireSameGrain(PartitionSet other) {
    if (other.grain != grain) {
      throw new IllegalArgumentException(
          "cannot combine partitions of grain " + grain + " and " + other.grain);
    }
  }
}
