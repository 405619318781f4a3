package io.tidemark.core.partition;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The time span of one partition. {@link #ALL} is the single partition of an unpartitioned asset.
 */
public enum Grain {
  HOUR(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH")),
  DAY(DateTimeFormatter.ISO_LOCAL_DATE),
  MONTH(DateTimeFormatter.ofPattern("uuuu-MM")),
  ALL(null);

  private final DateTimeFormatter keyFormat;

  Grain(DateTimeFormatter keyFormat) {
    this.keyFormat = keyFormat;
  }

  public static Grain parse(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The start of the partition that contains {@code time}. */
  public LocalDateTime truncate(LocalDateTime time) {
    return switch (this) {
      case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
      case DAY -> time.truncatedTo(ChronoUnit.DAYS);
      case MONTH -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      case ALL -> PartitionKey.ALL_START;
    };
  }

  /** {@code start} moved by {@code count} partitions of this grain. */
  public LocalDateTime plus(LocalDateTime start, long count) {
    return switch (this) {
      case HOUR -> start.plusHours(count);
      case DAY -> start.plusDays(count);
      case MONTH -> start.plusMonths(count);
      case ALL -> start;
    };
  }

  /** Whether each partition of this grain lies inside one partition of {@code other}. */
  public boolean isFinerThan(Grain other) {
    return this != ALL && (other == ALL || ordinal() < other.ordinal());
  }

  DateTimeFormatter keyFormat() {
    return keyFormat;
  }
}
