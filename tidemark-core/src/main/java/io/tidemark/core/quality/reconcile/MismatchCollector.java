package io.tidemark.core.quality.reconcile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Counts every mismatch and keeps the first {@code cap} in key order, however many arrive and in
 * whatever order.
 */
final class MismatchCollector {
  private static final Comparator<Mismatch> BY_KEY =
      Comparator.comparing(Mismatch::key, KeyOrder.INSTANCE);

  private final int cap;
  // The largest kept key on top, so it is the one evicted.
  private final PriorityQueue<Mismatch> kept = new PriorityQueue<>(BY_KEY.reversed());
  private final Map<Mismatch.Kind, Long> counts = new EnumMap<>(Mismatch.Kind.class);

  MismatchCollector(int cap) {
    this.cap = cap;
  }

  void add(Mismatch mismatch) {
    counts.merge(mismatch.kind(), 1L, Long::sum);
    kept.add(mismatch);
    if (kept.size() > cap) {
      kept.poll();
    }
  }

  ReconciliationResult result(long leftRows, long rightRows, WorkStatistics work) {
    List<Mismatch> sorted = new ArrayList<>(kept);
    sorted.sort(BY_KEY);
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    return new ReconciliationResult(
        leftRows,
        rightRows,
        count(Mismatch.Kind.MISSING_LEFT),
        count(Mismatch.Kind.MISSING_RIGHT),
        count(Mismatch.Kind.DIFFERENT),
        count(Mismatch.Kind.DUPLICATE_KEY),
        sorted,
        total > sorted.size(),
        work);
  }

  private long count(Mismatch.Kind kind) {
    return counts.getOrDefault(kind, 0L);
  }
}
