package io.tidemark.core.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Compresses partition keys into readable ranges: {@code 2024-01-01..2024-01-30, 2024-02-03}. */
public final class PartitionRanges {
  private PartitionRanges() {}

  /** Consecutive runs of keys, each as [first, last]. */
  public static List<PartitionKey[]> runs(Iterable<PartitionKey> keys) {
    TreeSet<PartitionKey> sorted = new TreeSet<>();
    keys.forEach(sorted::add);
    List<PartitionKey[]> runs = new ArrayList<>();
    PartitionKey first = null;
    PartitionKey last = null;
    for (PartitionKey key : sorted) {
      if (last != null && last.grain() == key.grain() && last.next().equals(key)) {
        last = key;
        continue;
      }
      if (first != null) {
        runs.add(new PartitionKey[] {first, last});
      }
      first = key;
      last = key;
    }
    if (first != null) {
      runs.add(new PartitionKey[] {first, last});
    }
    return runs;
  }

  public static String describe(Iterable<PartitionKey> keys) {
    List<String> parts = new ArrayList<>();
    for (PartitionKey[] run : runs(keys)) {
      parts.add(run[0].equals(run[1]) ? run[0].toString() : run[0] + ".." + run[1]);
    }
    return String.join(", ", parts);
  }
}
