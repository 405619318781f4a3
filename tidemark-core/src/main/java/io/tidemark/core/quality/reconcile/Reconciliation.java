package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;

/**
 * Two sides whose columns were found in their tables: what a {@link ReconcileSql} writes queries
 * for.
 *
 * @param keys the key columns, paired in order
 * @param compared the compared columns, paired in order
 * @param tolerance see {@link ReconcileOptions#tolerance()}
 */
public record Reconciliation(
    ReconcileSide left,
    ReconcileSide right,
    List<ColumnPair> keys,
    List<ColumnPair> compared,
    BigDecimal tolerance) {
  public enum Side {
    LEFT,
    RIGHT
  }

  public Reconciliation {
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    keys = List.copyOf(requireNonNull(keys, "keys is null"));
    compared = List.copyOf(requireNonNull(compared, "compared is null"));
    requireNonNull(tolerance, "tolerance is null");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a reconciliation needs key columns");
    }
  }

  public ReconcileSide side(Side side) {
    return side == Side.LEFT ? left : right;
  }
}
