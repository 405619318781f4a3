package io.tidemark.warehouse.duckdb;

import io.tidemark.core.quality.reconcile.CanonicalColumn;
import io.tidemark.core.quality.reconcile.ColumnPair;
import io.tidemark.core.quality.reconcile.Reconciliation.Side;
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
final class DuckDbCanonicalColumn extends CanonicalColumn {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\(\\d+,(\\d+)\\)");

  private DuckDbCanonicalColumn(ColumnPair pair, String type, Numeric numeric) {
    super(pair, type, numeric);
  }

  static DuckDbCanonicalColumn of(ColumnPair pair) {
    Family left = family(pair.leftType());
    Family right = family(pair.rightType());
    if (left == Family.INTEGER && right == Family.INTEGER) {
      return new DuckDbCanonicalColumn(pair, "HUGEINT", Numeric.INTEGER);
    }
    if (left.isNumber() && right.isNumber()) {
      if (left == Family.DECIMAL || right == Family.DECIMAL) {
        int scale = Math.max(scale(pair.leftType()), scale(pair.rightType()));
        return new DuckDbCanonicalColumn(pair, "DECIMAL(38," + scale + ")", Numeric.DECIMAL);
      }
      return new DuckDbCanonicalColumn(pair, "DOUBLE", Numeric.DOUBLE);
    }
    if (left == Family.DATE && right == Family.DATE) {
      return new DuckDbCanonicalColumn(pair, "DATE", Numeric.NONE);
    }
    if (left.isTime() && right.isTime()) {
      return new DuckDbCanonicalColumn(pair, "TIMESTAMP", Numeric.NONE);
    }
    if (left == Family.BOOLEAN && right == Family.BOOLEAN) {
      return new DuckDbCanonicalColumn(pair, "BOOLEAN", Numeric.NONE);
    }
    return new DuckDbCanonicalColumn(pair, "VARCHAR", Numeric.NONE);
  }

  @Override
  public String value(Side side) {
    ColumnPair pair = pair();
    String column = Sql.identifier(pair.name(side));
    Family family = family(pair.type(side));
    if (pair.type(side).equals("TIMESTAMP WITH TIME ZONE")) {
      // Not a cast: that would read the instant in the session's time zone.
      column = "timezone('UTC', " + column + ")";
    } else if (pair.type(side).equals("FLOAT") && numeric() != Numeric.NONE) {
      column = "CAST(CAST(" + column + " AS VARCHAR) AS DOUBLE)";
    }
    if (family == Family.FLOATING && numeric() == Numeric.DECIMAL) {
      return "TRY_CAST(" + column + " AS " + type() + ")";
    }
    return "CAST(" + column + " AS " + type() + ")";
  }

  @Override
  protected String doubleType() {
    return "DOUBLE";
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

  /** A decimal's scale; 0 for other types. */
  private static int scale(String type) {
    Matcher decimal = DECIMAL.matcher(type);
    return decimal.matches() ? Integer.parseInt(decimal.group(1)) : 0;
  }
}
