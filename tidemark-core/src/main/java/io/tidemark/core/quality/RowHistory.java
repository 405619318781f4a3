package io.tidemark.core.quality;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * The row counts a volume check judges: one per partition of an asset, in time order, from the
 * first recorded partition on, read from stored statistics (never by scanning a table). A partition
 * without a count is {@code NaN}, which the detector reports as missing. Held as a plain array
 * indexed by partition, so that judging thousands of year-long histories costs little more than the
 * detector itself. Not thread-safe.
 */
public final class RowHistory {
  private final Grain grain;
  private long firstIndex = Long.MAX_VALUE;
  private double[] counts = new double[0];

  private RowHistory(Grain grain) {
    this.grain = grain;
  }

  /**
   * The row count of each of the asset's partitions as stored (a failed write's count is not the
   * partition's); empty for an unpartitioned asset.
   */
  public static RowHistory of(Asset asset, Iterable<PartitionState> states) {
    RowHistory history = new RowHistory(asset.grain());
    if (asset.isPartitioned()) {
      history.putAll(states);
    }
    return history;
  }

  /**
   * Records stored states over what is known (a rescanned or rebuilt partition replaces its count).
   */
  public RowHistory putAll(Iterable<PartitionState> states) {
    if (grain == Grain.ALL) {
      return this;
    }
    for (PartitionState state : states) {
      if (state.status() != PartitionStatus.FAILED) {
        put(index(state.partition()), state.statistics().rows());
      }
    }
    return this;
  }

  /** An asset's history with nothing recorded yet. */
  public static RowHistory empty(Asset asset) {
    return new RowHistory(asset.grain());
  }

  /** Records a stored count by the partition's key text, as the state store streams them. */
  public RowHistory put(String partition, long rows) {
    if (grain != Grain.ALL) {
      put(index(partition), rows);
    }
    return this;
  }

  /** Records the count of one partition, written now. */
  public RowHistory put(PartitionKey partition, long rows) {
    if (grain != Grain.ALL) {
      put(index(partition.start()), rows);
    }
    return this;
  }

  public boolean isEmpty() {
    return counts.length == 0;
  }

  /**
   * The counts from the first recorded partition to {@code partition} included, with the start of
   * the first; null when nothing was recorded up to it.
   */
  public Series upTo(PartitionKey partition) {
    long last = index(partition.start());
    if (counts.length == 0 || last < firstIndex) {
      return null;
    }
    double[] values = new double[(int) (last - firstIndex + 1)];
    Arrays.fill(values, Double.NaN);
    System.arraycopy(counts, 0, values, 0, (int) Math.min(counts.length, values.length));
    return new Series(start(firstIndex), values);
  }

  /** Counts of consecutive partitions, the first starting at {@code start}. */
  public record Series(LocalDateTime start, double[] values) {}

  private void put(long index, long rows) {
    if (counts.length == 0) {
      firstIndex = index;
      counts = new double[] {Double.NaN};
    } else if (index < firstIndex) {
      double[] grown = new double[(int) (counts.length + firstIndex - index)];
      Arrays.fill(grown, Double.NaN);
      System.arraycopy(counts, 0, grown, (int) (firstIndex - index), counts.length);
      counts = grown;
      firstIndex = index;
    } else if (index - firstIndex >= counts.length) {
      int length = (int) Math.max(index - firstIndex + 1, counts.length * 2L);
      double[] grown = Arrays.copyOf(counts, length);
      Arrays.fill(grown, counts.length, length, Double.NaN);
      counts = grown;
    }
    counts[(int) (index - firstIndex)] = rows;
  }

  /** Partitions since 1970 of this grain: days, hours or months; parsed without a formatter. */
  private long index(String key) {
    int year = Integer.parseInt(key, 0, 4, 10);
    int month = Integer.parseInt(key, 5, 7, 10);
    if (grain == Grain.MONTH) {
      return year * 12L + month - 1;
    }
    int day = Integer.parseInt(key, 8, 10, 10);
    long epochDay = epochDay(year, month, day);
    return grain == Grain.DAY ? epochDay : epochDay * 24 + Integer.parseInt(key, 11, 13, 10);
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

  private long index(LocalDateTime start) {
    return switch (grain) {
      case MONTH -> start.getYear() * 12L + start.getMonthValue() - 1;
      case DAY -> start.toLocalDate().toEpochDay();
      default -> start.toLocalDate().toEpochDay() * 24 + start.getHour();
    };
  }

  private LocalDateTime start(long index) {
    return switch (grain) {
      case MONTH -> LocalDateTime.of((int) (index / 12), (int) (index % 12) + 1, 1, 0, 0);
      case DAY -> java.time.LocalDate.ofEpochDay(index).atStartOfDay();
      default ->
          java.time.LocalDate.ofEpochDay(Math.floorDiv(index, 24))
              .atTime((int) Math.floorMod(index, 24), 0);
    };
  }
}
