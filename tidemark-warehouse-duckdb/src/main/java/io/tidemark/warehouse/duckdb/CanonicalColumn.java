package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.quality.reconcile.ColumnPair;
import io.tidemark.core.quality.reconcile.Reconciliation.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a reconciled column pair is read as one DuckDB type on both sides, so that the same data
 * stored under compatible types compares, and hashes, equal:
 *
 * <ul>
 *   <li>integers of any width: {@code HUGEINT};
 *   <li>a decimal against any number: {@code DECIMAL(38, s)}, {@code s} the larger scale, so that
 *       the decimal side's precision decides and the tolerance applies exactly. A {@code DOUBLE} is
 *       rounded to {@code s} places; NaN and infinities, which no decimal holds, read as NULL;
 *   <li>{@code FLOAT} or {@code DOUBLE} against a float or an integer: {@code DOUBLE};
 *   <li>a {@code FLOAT} is read through its shortest decimal text: 0.1f reads as 0.1, not as
 *       0.10000000149011612;
 *   <li>dates: {@code DATE}; a date against a timestamp, and timestamps of any precision: {@code
 *       TIMESTAMP} (microseconds), a {@code TIMESTAMP WITH TIME ZONE} read in UTC;
 *   <li>booleans: {@code BOOLEAN};
 *   <li>anything else (text, enums, UUIDs, lists, or two unrelated types): {@code VARCHAR}.
 * </ul>
 */
final class CanonicalColumn {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\(\\d+,(\\d+)\\)");

  private enum Family {
    INTEGER,
    DECIMAL,
    FLOATING,
    BOOLEAN,
    DATE,
    TIMESTAMP,
    OTHER
  }

  /** Which numeric comparison, if any, the canonical type gets. */
  private enum Numeric {
    NONE,
    INTEGER,
    DECIMAL,
    DOUBLE
  }

  private final ColumnPair pair;
  private final String type;
  private final Numeric numeric;

  private CanonicalColumn(ColumnPair pair, String type, Numeric numeric) {
    this.pair = requireNonNull(pair, "pair is null");
    this.type = type;
    this.numeric = numeric;
  }

  static CanonicalColumn of(ColumnPair pair) {
    Family left = family(pair.leftType());
    Family right = family(pair.rightType());
    if (left == Family.INTEGER && right == Family.INTEGER) {
      return new CanonicalColumn(pair, "HUGEINT", Numeric.INTEGER);
    }
    if (isNumber(left) && isNumber(right)) {
      if (left == Family.DECIMAL || right == Family.DECIMAL) {
        int scale = Math.max(scale(pair.leftType()), scale(pair.rightType()));
        return new CanonicalColumn(pair, "DECIMAL(38," + scale + ")", Numeric.DECIMAL);
      }
      return new CanonicalColumn(pair, "DOUBLE", Numeric.DOUBLE);
    }
    if (left == Family.DATE && right == Family.DATE) {
      return new CanonicalColumn(pair, "DATE", Numeric.NONE);
    }
    if (isTime(left) && isTime(right)) {
      return new CanonicalColumn(pair, "TIMESTAMP", Numeric.NONE);
    }
    if (left == Family.BOOLEAN && right == Family.BOOLEAN) {
      return new CanonicalColumn(pair, "BOOLEAN", Numeric.NONE);
    }
    return new CanonicalColumn(pair, "VARCHAR", Numeric.NONE);
  }

  /** The side's value of this column as the canonical type. */
  String value(Side side) {
    String column = Sql.identifier(pair.name(side));
    Family family = family(pair.type(side));
    if (pair.type(side).equals("TIMESTAMP WITH TIME ZONE")) {
      // Not a cast: that would read the instant in the session's time zone.
      column = "timezone('UTC', " + column + ")";
    } else if (pair.type(side).equals("FLOAT") && numeric != Numeric.NONE) {
      column = "CAST(CAST(" + column + " AS VARCHAR) AS DOUBLE)";
    }
    if (family == Family.FLOATING && numeric == Numeric.DECIMAL) {
      return "TRY_CAST(" + column + " AS " + type + ")";
    }
    return "CAST(" + column + " AS " + type + ")";
  }

  /**
   * What the row hash takes of this column: the value, or for a numeric column compared with a
   * tolerance its tolerance bucket, so that values equal within the tolerance mostly hash equal and
   * values further apart than the tolerance do not.
   */
  String hashed(Side side, BigDecimal tolerance) {
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
    return "floor(CAST(" + value + " AS DOUBLE) / " + doubleLiteral(tolerance) + ")";
  }

  /**
   * Whether the canonical values {@code left} and {@code right} differ: NULL-safe, and for numbers
   * beyond the tolerance.
   */
  String differs(String left, String right, BigDecimal tolerance) {
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
  private static String doubleLiteral(BigDecimal value) {
    return "CAST('" + value.toPlainString() + "' AS DOUBLE)";
  }

  private static Family family(String type) {
    if (DECIMAL.matcher(type).matches()) {
      return Family.DECIMAL;
    }
    return switch (type) {
      case "TINYINT",
          "SMALLINT",
          "INTEGER",
          "BIGINT",
          "HUGEINT",
          "UTINYINT",
          "USMALLINT",
          "UINTEGER",
          "UBIGINT",
          "UHUGEINT" ->
          Family.INTEGER;
      case "FLOAT", "DOUBLE" -> Family.FLOATING;
      case "BOOLEAN" -> Family.BOOLEAN;
      case "DATE" -> Family.DATE;
      case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE" ->
          Family.TIMESTAMP;
      default -> Family.OTHER;
    };
  }

  private static boolean isNumber(Family family) {
    return family == Family.INTEGER || family == Family.DECIMAL || family == Family.FLOATING;
  }

  private static boolean isTime(Family family) {
    return family == Family.DATE || family == Family.TIMESTAMP;
  }

  /** A decimal's scale; 0 for other types. */
  private static int scale(String type) {
    Matcher decimal = DECIMAL.matcher(type);
    return decimal.matches() ? Integer.parseInt(decimal.group(1)) : 0;
  }
}
