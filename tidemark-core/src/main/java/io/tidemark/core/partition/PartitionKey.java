package io.tidemark.core.partition;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * One partition of an asset: a grain and the start of its time span (UTC). Its text form is the key
 * users see and type: {@code 2024-03-05T14}, {@code 2024-03-05}, {@code 2024-03}, or {@code all}.
 */
public record PartitionKey(Grain grain, LocalDateTime start) implements Comparable<PartitionKey> {
  static final LocalDateTime ALL_START = LocalDateTime.of(1970, 1, 1, 0, 0);
  public static final PartitionKey ALL = new PartitionKey(Grain.ALL, ALL_START);

  public PartitionKey {
    requireNonNull(grain, "grain is null");
    requireNonNull(start, "start is null");
    if (!grain.truncate(start).equals(start)) {
      throw new IllegalArgumentException(start + " is not the start of a " + grain.label());
    }
  }

  public static PartitionKey of(Grain grain, LocalDateTime start) {
    return grain == Grain.ALL ? ALL : new PartitionKey(grain, start);
  }

  public static PartitionKey day(LocalDate day) {
    return new PartitionKey(Grain.DAY, day.atStartOfDay());
  }

  /** The partition of {@code grain} that contains {@code time}. */
  public static PartitionKey containing(Grain grain, LocalDateTime time) {
    return of(grain, grain.truncate(time));
  }

  /** Parses the text form of a key of the given grain. */
  public static PartitionKey parse(Grain grain, String text) {
    requireNonNull(text, "text is null");
    try {
      return switch (grain) {
        case HOUR -> new PartitionKey(grain, LocalDateTime.parse(text + ":00"));
        case DAY -> day(LocalDate.parse(text));
        case MONTH -> new PartitionKey(grain, YearMonth.parse(text).atDay(1).atStartOfDay());
        case ALL -> {
          if (!text.equals("all")) {
            throw new IllegalArgumentException("the partition of an unpartitioned asset is 'all'");
          }
          yield ALL;
        }
      };
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a " + grain.label() + " partition key", e);
    }
  }

  /** The exclusive end of this partition's time span. */
  public LocalDateTime end() {
    return grain == Grain.ALL ? LocalDateTime.of(9999, 12, 31, 0, 0) : grain.plus(start, 1);
  }

  public PartitionKey plus(long count) {
    return grain == Grain.ALL ? this : new PartitionKey(grain, grain.plus(start, count));
  }

  public PartitionKey next() {
    return plus(1);
  }

  @Override
  public int compareTo(PartitionKey other) {
    return start.compareTo(other.start);
  }

  @Override
  public String toString() {
    return grain == Grain.ALL ? "all" : grain.keyFormat().format(start);
  }
}
