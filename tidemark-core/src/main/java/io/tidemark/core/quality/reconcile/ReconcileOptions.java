package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * How two sides are compared, and how a {@link BisectionReconciler} spends its queries.
 *
 * @param tolerance the largest absolute difference between two numbers still counted as equal; 0
 *     compares numbers exactly. Applies to compared columns whose values are numbers on both sides,
 *     never to keys.
 * @param rowThreshold a segment holding at most this many rows on each side is fetched and compared
 *     row by row rather than split further
 * @param splitFactor the number of segments each differing segment is split into per level
 * @param maxMismatches the most mismatches kept in the result (the first by key); all are counted
 */
public record ReconcileOptions(
    BigDecimal tolerance, int rowThreshold, int splitFactor, int maxMismatches) {
  /** Exact comparison; segments of up to 1,000 rows fetched; 16-way splits; 1,000 mismatches. */
  public static final ReconcileOptions DEFAULTS =
      new ReconcileOptions(BigDecimal.ZERO, 1_000, 16, 1_000);

  /** Beyond this, one level's aggregate returns more segments than it saves in rows. */
  static final int MAX_SPLIT_FACTOR = 1_024;

  public ReconcileOptions {
    requireNonNull(tolerance, "tolerance is null");
    if (tolerance.signum() < 0) {
      throw new IllegalArgumentException("tolerance must not be negative, got " + tolerance);
    }
    if (rowThreshold < 1) {
      throw new IllegalArgumentException("rowThreshold must be at least 1, got " + rowThreshold);
    }
    if (splitFactor < 2 || splitFactor > MAX_SPLIT_FACTOR) {
      throw new IllegalArgumentException(
          "splitFactor must be between 2 and " + MAX_SPLIT_FACTOR + ", got " + splitFactor);
    }
    if (maxMismatches < 0) {
      throw new IllegalArgumentException(
          "maxMismatches must not be negative, got " + maxMismatches);
    }
    // 0.50 and 0.5 are one tolerance; the plain form is what SQL literals are written from.
    tolerance = tolerance.signum() == 0 ? BigDecimal.ZERO : tolerance.stripTrailingZeros();
  }

  public ReconcileOptions withTolerance(BigDecimal tolerance) {
    return new ReconcileOptions(tolerance, rowThreshold, splitFactor, maxMismatches);
  }

  public ReconcileOptions withRowThreshold(int rowThreshold) {
    return new ReconcileOptions(tolerance, rowThreshold, splitFactor, maxMismatches);
  }

  public ReconcileOptions withSplitFactor(int splitFactor) {
    return new ReconcileOptions(tolerance, rowThreshold, splitFactor, maxMismatches);
  }

  public ReconcileOptions withMaxMismatches(int maxMismatches) {
    return new ReconcileOptions(tolerance, rowThreshold, splitFactor, maxMismatches);
  }
}
