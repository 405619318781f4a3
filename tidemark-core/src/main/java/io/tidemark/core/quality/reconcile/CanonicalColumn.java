package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.quality.reconcile.Reconciliation.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a reconciled column pair is read as one type of the engine on both sides, so that the same
 * data stored under compatible types compares, and hashes, equal. Each engine decides the canonical
 * type and how a side's value is read as it ({@link #value}); how a numeric value is bucketed for
 * the row hash and compared within the tolerance is the same SQL on every engine.
 */
public abstract class CanonicalColumn {
  /** What kind of value an engine's column type holds, as the choice of a canonical type needs. */
  protected enum Family {
    INTEGER,
    DECIMAL,
    FLOATING,
    BOOLEAN,
    DATE,
    TIMESTAMP,
    OTHER;

    public boolean isNumber() {
      return this == INTEGER || this == DECIMAL || this == FLOATING;
    }

    public boolean isTime() {
      return this == DATE || this == TIMESTAMP;
    }
  }

  /** Which numeric comparison, if any, the canonical type gets. */
  public enum Numeric {
    NONE,
    INTEGER,
    DECIMAL,
    DOUBLE
  }

  private final ColumnPair pair;
  private final String type;
  private final Numeric numeric;

  protected CanonicalColumn(ColumnPair pair, String type, Numeric numeric) {
    this.pair = requireNonNull(pair, "pair is null");
    this.type = requireNonNull(type, "type is null");
    this.numeric = requireNonNull(numeric, "numeric is null");
  }

  /** The column pair read. */
  protected final ColumnPair pair() {
    return pair;
  }

  /** The canonical type, in the engine's SQL. */
  public final String type() {
    return type;
  }

  protected final Numeric numeric() {
    return numeric;
  }

  /** The side's value of this column as the canonical type. */
  public abstract String value(Side side);

  /** The engine's name of the double-precision floating-point type. */
  protected abstract String doubleType();

  /** A NULL of the canonical type. */
  public String nullValue() {
    return "CAST(NULL AS " + type + ")";
  }

  /**
   * What the row hash takes of this column: the value, or for a numeric column compared with a
   * tolerance its tolerance bucket, so that values equal within the tolerance mostly hash equal and
   * values further apart than the tolerance do not.
   */
  public String hashed(Side side, BigDecimal tolerance) {
    String value = value(side);
    if (tolerance.signum() == 0 || numeric == Numeric.NONE) {
      return value;
    }
    if (numeric == Numeric.INTEGER) {
      BigDecimal step = tolerance.setScale(0, RoundingMode.FLOOR);
      if (step.signum() == 0) {
        return value;
      }
      // The start of the value's bucket; % keeps the dividend's sign, hence the second %.
      String width = step.toPlainString();
      return "(" + value + " - ((" + value + " % " + width + ") + " + width + ") % " + width + ")";
    }
    return "floor(CAST(" + value + " AS " + doubleType() + ") / " + doubleLiteral(tolerance) + ")";
  }

  /**
   * Whether the canonical values {@code left} and {@code right} differ: NULL-safe, and for numbers
   * beyond the tolerance.
   */
  public String differs(String left, String right, BigDecimal tolerance) {
    String distinct = left + " IS DISTINCT FROM " + right;
    if (tolerance.signum() == 0 || numeric == Numeric.NONE) {
      return "(" + distinct + ")";
    }
    String limit =
        switch (numeric) {
          case INTEGER -> tolerance.setScale(0, RoundingMode.FLOOR).toPlainString();
          case DECIMAL -> tolerance.toPlainString();
          default -> doubleLiteral(tolerance);
        };
    return "("
        + distinct
        + " AND NOT coalesce(abs("
        + left
        + " - "
        + right
        + ") <= "
        + limit
        + ", false))";
  }

  /** Parsed from text, as Java's Double.parseDouble reads the same tolerance. */
  private String doubleLiteral(BigDecimal value) {
    return "CAST('" + value.toPlainString() + "' AS " + doubleType() + ")";
  }
}
