package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a reconciliation found.
 *
 * @param leftRows rows of the left side (after its filter)
 * @param rightRows rows of the right side
 * @param missingLeft keys only the right side has
 * @param missingRight keys only the left side has
 * @param different keys with one row on each side whose compared columns differ
 * @param duplicateKeys keys with more than one row on a side
 * @param mismatches the first mismatches in key order, at most {@link
 *     ReconcileOptions#maxMismatches()} of them
 * @param capped whether more mismatches were counted than are listed
 * @param work what the reconciliation cost
 */
public record ReconciliationResult(
    long leftRows,
    long rightRows,
    long missingLeft,
    long missingRight,
    long different,
    long duplicateKeys,
    List<Mismatch> mismatches,
    boolean capped,
    WorkStatistics work) {
  public ReconciliationResult {
    mismatches = List.copyOf(requireNonNull(mismatches, "mismatches is null"));
    requireNonNull(work, "work is null");
  }

  /** Every mismatching key, listed or not. */
  public long mismatchCount() {
    return missingLeft + missingRight + different + duplicateKeys;
  }

  /** Whether the two sides agree on every key. */
  public boolean matches() {
    return mismatchCount() == 0;
  }
}
