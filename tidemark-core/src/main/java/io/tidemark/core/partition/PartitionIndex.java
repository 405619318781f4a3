package io.tidemark.core.partition;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Partitions numbered consecutively: hours, days or months since 1970 (months since year 0), so
 * that a run of partitions is a run of integers. Keys are read by their shape ({@code 2024-01},
 * {@code 2024-01-05}, {@code 2024-01-05T13}) without a formatter: volume checks and the state
 * store's packed row counts turn millions of keys into indexes.
 */
public final class PartitionIndex {
  private PartitionIndex() {}

  /**
   * The grain a key's text is written in; {@link Grain#ALL} for the unpartitioned key.
   *
   * @throws IllegalArgumentException for text that is no partition key's shape
   */
  public static Grain grainOf(String key) {
    return switch (key.length()) {
      case 7 -> Grain.MONTH;
      case 10 -> Grain.DAY;
      case 13 -> Grain.HOUR;
      default -> {
        if (key.equals("all")) {
          yield Grain.ALL;
        }
        throw new IllegalArgumentException("not a partition key: " + key);
      }
    };
  }

  /** The index of a key written in {@code grain}. */
  public static long of(Grain grain, String key) {
    int year = Integer.parseInt(key, 0, 4, 10);
    int month = Integer.parseInt(key, 5, 7, 10);
    if (grain == Grain.MONTH) {
      return year * 12L + month - 1;
    }
    int day = Integer.parseInt(key, 8, 10, 10);
    long epochDay = epochDay(year, month, day);
    return grain == Grain.DAY ? epochDay : epochDay * 24 + Integer.parseInt(key, 11, 13, 10);
  }

  /** The index of the partition of {@code grain} that starts at {@code start}. */
  public static long of(Grain grain, LocalDateTime start) {
    return switch (grain) {
      case MONTH -> start.getYear() * 12L + start.getMonthValue() - 1;
      case DAY -> start.toLocalDate().toEpochDay();
      case HOUR -> start.toLocalDate().toEpochDay() * 24 + start.getHour();
      case ALL -> 0;
    };
  }

  /** The start of the partition of {@code grain} numbered {@code index}. */
  public static LocalDateTime start(Grain grain, long index) {
    return switch (grain) {
      case MONTH ->
          LocalDateTime.of(
              (int) Math.floorDiv(index, 12), (int) Math.floorMod(index, 12) + 1, 1, 0, 0);
      case DAY -> LocalDate.ofEpochDay(index).atStartOfDay();
      case HOUR ->
          LocalDate.ofEpochDay(Math.floorDiv(index, 24)).atTime((int) Math.floorMod(index, 24), 0);
      case ALL -> PartitionKey.ALL_START;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date, without allocating (Hinnant's method). */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
  }
}
