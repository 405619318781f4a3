package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.quality.reconcile.Reconciliation.Side;

/**
 * A key or compared column as found in both tables: names as the tables spell them, and types as
 * the warehouse names them.
 */
public record ColumnPair(String left, String leftType, String right, String rightType) {
  public ColumnPair {
    requireNonNull(left, "left is null");
    requireNonNull(leftType, "leftType is null");
    requireNonNull(right, "right is null");
    requireNonNull(rightType, "rightType is null");
  }

  public String name(Side side) {
    return side == Side.LEFT ? left : right;
  }

  public String type(Side side) {
    return side == Side.LEFT ? leftType : rightType;
  }
}
