package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Whether two canonical values of a compared column are equal, as {@link ReconcileSql} defines it
 * for the warehouse: NULL equals only NULL; numbers are equal when they differ by at most the
 * tolerance, doubles in double precision (so both sides round alike), other numbers exactly.
 */
final class ValueTolerance {
  private final BigDecimal tolerance;
  private final double doubleTolerance;

  ValueTolerance(BigDecimal tolerance) {
    this.tolerance = requireNonNull(tolerance, "tolerance is null");
    // Through the decimal text, as the warehouse parses the tolerance literal.
    this.doubleTolerance = Double.parseDouble(tolerance.toPlainString());
  }

  boolean same(Object left, Object right) {
    if (left == null || right == null) {
      return left == right;
    }
    if (left instanceof Double l && right instanceof Double r) {
      double a = l;
      double b = r;
      // The engines count NaN equal to NaN and -0.0 equal to 0.0.
      return a == b || (Double.isNaN(a) && Double.isNaN(b)) || Math.abs(a - b) <= doubleTolerance;
    }
    if (isExactNumber(left) && isExactNumber(right)) {
      return decimal(left).subtract(decimal(right)).abs().compareTo(tolerance) <= 0;
    }
    return left.equals(right);
  }

  private static boolean isExactNumber(Object value) {
    return value instanceof Long
        || value instanceof Integer
        || value instanceof BigDecimal
        || value instanceof BigInteger;
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    return BigDecimal.valueOf(((Number) value).longValue());
  }
}
