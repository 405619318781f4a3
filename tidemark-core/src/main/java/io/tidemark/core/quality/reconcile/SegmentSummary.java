package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.List;

/**
 * One side's aggregate over one segment: its rows, the sum of their row hashes, and how many
 * distinct key hashes they have.
 */
record SegmentSummary(long rows, BigInteger hashSum, long keys) {
  static final SegmentSummary EMPTY = new SegmentSummary(0, BigInteger.ZERO, 0);

  SegmentSummary {
    requireNonNull(hashSum, "hashSum is null");
  }

  /** From a row of {@link ReconcileSql#segments}, after its segment column. */
  static SegmentSummary of(List<Object> row) {
    return new SegmentSummary(
        ((Number) row.get(1)).longValue(),
        new BigInteger(row.get(2).toString()),
        ((Number) row.get(3)).longValue());
  }

  /**
   * Whether the two sides hold the same rows here, and no key twice: a key held twice is a mismatch
   * even when both sides hold it twice, so such a segment is looked into.
   */
  boolean agrees(SegmentSummary other) {
    return rows == other.rows
        && hashSum.equals(other.hashSum)
        && rows == keys
        && other.rows == other.keys;
  }

  /** Whether splitting cannot separate the rows further: at most one key hash on each side. */
  boolean indivisible(SegmentSummary other) {
    return keys <= 1 && other.keys <= 1;
  }
}
