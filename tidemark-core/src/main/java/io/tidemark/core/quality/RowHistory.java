package io.tidemark.core.quality;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionIndex;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.state.StateStore;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The row counts a volume check judges: one per partition of an asset, in time order, from the
 * first recorded partition on, read from the counts the state store keeps packed (never by scanning
 * a table). A partition without a count is {@code NaN}, which the detector reports as missing. Held
 * as a plain array indexed by partition, so that judging thousands of year-long histories costs
 * little more than the detector itself. Not thread-safe.
 */
public final class RowHistory {
  private final Grain grain;

  /** The partition held in {@code counts[0]}; slots before the lowest recorded one are NaN. */
  private long firstIndex = Long.MAX_VALUE;

  /** The first partition with a recorded count. */
  private long lowest = Long.MAX_VALUE;

  private double[] counts = new double[0];

  private RowHistory(Grain grain) {
    this.grain = grain;
  }

  /** An independent copy, to add to without changing this one. */
  public RowHistory copy() {
    RowHistory copy = new RowHistory(grain);
    copy.firstIndex = firstIndex;
    copy.lowest = lowest;
    copy.counts = counts.clone();
    return copy;
  }

  /**
   * The histories of many assets from the row counts the store keeps packed, in one read; every
   * asset asked for has one, empty when nothing is stored.
   */
  public static Map<AssetName, RowHistory> read(StateStore store, Collection<Asset> assets) {
    Map<AssetName, RowHistory> histories = new HashMap<>();
    for (Asset asset : assets) {
      histories.put(asset.name(), empty(asset));
    }
    if (!histories.isEmpty()) {
      store.rowCounts(
          histories.keySet(),
          (asset, grain, first, counts) -> histories.get(asset).putCounts(grain, first, counts));
    }
    return histories;
  }

  /** An asset's history with nothing recorded yet. */
  public static RowHistory empty(Asset asset) {
    return new RowHistory(asset.grain());
  }

  /**
   * Records stored counts of consecutive partitions of {@code grain}, the first numbered {@code
   * firstIndex} (see {@link PartitionIndex}), as the state store packs them; {@link
   * StateStore#NO_COUNT} marks a partition without one. Counts of another grain than the asset's
   * (kept from before its grain changed) are ignored.
   */
  public RowHistory putCounts(Grain grain, long packedFirst, long[] packed) {
    if (grain != this.grain || grain == Grain.ALL) {
      return this;
    }
    int last = packed.length - 1;
    while (last >= 0 && packed[last] == StateStore.NO_COUNT) {
      last--;
    }
    int first = 0;
    while (first <= last && packed[first] == StateStore.NO_COUNT) {
      first++;
    }
    if (first > last) {
      return this;
    }
    cover(packedFirst + first, packedFirst + last);
    lowest = Math.min(lowest, packedFirst + first);
    for (int i = first; i <= last; i++) {
      if (packed[i] != StateStore.NO_COUNT) {
        counts[(int) (packedFirst + i - firstIndex)] = packed[i];
      }
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
    if (counts.length == 0 || last < lowest) {
      return null;
    }
    double[] values = new double[(int) (last - lowest + 1)];
    Arrays.fill(values, Double.NaN);
    int offset = (int) (lowest - firstIndex);
    System.arraycopy(
        counts, offset, values, 0, (int) Math.min(counts.length - offset, values.length));
    return new Series(start(lowest), values);
  }

  /** Counts of consecutive partitions, the first starting at {@code start}. */
  public record Series(LocalDateTime start, double[] values) {}

  private void put(long index, long rows) {
    cover(index, index);
    lowest = Math.min(lowest, index);
    counts[(int) (index - firstIndex)] = rows;
  }

  /** Grows the array to hold the partitions {@code from} to {@code to}; new slots are NaN. */
  private void cover(long from, long to) {
    if (counts.length == 0) {
      firstIndex = from;
      counts = new double[(int) (to - from + 1)];
      Arrays.fill(counts, Double.NaN);
      return;
    }
    if (from < firstIndex) {
      // Room below for as much again as is held, so that chunks read newest first do not copy
      // the array once each.
      long newFirst = Math.min(from, firstIndex - counts.length);
      double[] grown = new double[(int) (counts.length + firstIndex - newFirst)];
      Arrays.fill(grown, Double.NaN);
      System.arraycopy(counts, 0, grown, (int) (firstIndex - newFirst), counts.length);
      counts = grown;
      firstIndex = newFirst;
    }
    if (to - firstIndex >= counts.length) {
      int length = (int) Math.max(to - firstIndex + 1, counts.length * 2L);
      double[] grown = Arrays.copyOf(counts, length);
      Arrays.fill(grown, counts.length, length, Double.NaN);
      counts = grown;
    }
  }

  private long index(LocalDateTime start) {
    return PartitionIndex.of(grain, start);
  }

  private LocalDateTime start(long index) {
    return PartitionIndex.start(grain, index);
  }
}
