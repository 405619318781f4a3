package io.tidemark.warehouse.postgres;

import io.tidemark.core.quality.reconcile.CanonicalColumn;
import io.tidemark.core.quality.reconcile.ColumnPair;
import io.tidemark.core.quality.reconcile.Reconciliation.Side;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a reconciled column pair is read as one PostgreSQL type on both sides, so that the same data
 * stored under compatible types compares, and hashes, equal. Types are as {@code format_type}
 * writes them:
 *
 * <ul>
 *   <li>integers of any width ({@code smallint}, {@code integer}, {@code bigint}): {@code bigint},
 *       which holds every PostgreSQL integer;
 *   <li>a {@code numeric(p, s)} against any number: {@code numeric(1000, s)}, {@code s} the larger
 *       scale, so that the decimal side's precision decides and the tolerance applies exactly; an
 *       unconstrained {@code numeric} on either side makes it unconstrained {@code numeric} with
 *       trailing zeros trimmed (1.50 and 1.5 are the same value). A float is rounded to the scale;
 *       NaN and infinities read as NULL;
 *   <li>{@code real} or {@code double precision} against a float or an integer: {@code double
 *       precision}; a {@code real} is read through its shortest decimal text (0.1 reads as 0.1);
 *   <li>dates: {@code date}; a date against a timestamp, and timestamps of any precision: {@code
 *       timestamp}, a {@code timestamp with time zone} read in UTC;
 *   <li>booleans: {@code boolean};
 *   <li>anything else (text, UUIDs, arrays, JSON, or two unrelated types): {@code text}.
 * </ul>
 */
final class PostgresCanonicalColumn extends CanonicalColumn {
  private static final Pattern NUMERIC = Pattern.compile("numeric(?:\\((\\d+),(\\d+)\\))?");

  private PostgresCanonicalColumn(ColumnPair pair, String type, Numeric numeric) {
    super(pair, type, numeric);
  }

  static PostgresCanonicalColumn of(ColumnPair pair) {
    Family left = family(pair.leftType());
    Family right = family(pair.rightType());
    if (left == Family.INTEGER && right == Family.INTEGER) {
      return new PostgresCanonicalColumn(pair, "bigint", Numeric.INTEGER);
    }
    if (left.isNumber() && right.isNumber()) {
      if (left == Family.DECIMAL || right == Family.DECIMAL) {
        if (unconstrained(pair.leftType()) || unconstrained(pair.rightType())) {
          return new PostgresCanonicalColumn(pair, "numeric", Numeric.DECIMAL);
        }
        int scale = Math.max(scale(pair.leftType()), scale(pair.rightType()));
        return new PostgresCanonicalColumn(pair, "numeric(1000," + scale + ")", Numeric.DECIMAL);
      }
      return new PostgresCanonicalColumn(pair, "double precision", Numeric.DOUBLE);
    }
    if (left == Family.DATE && right == Family.DATE) {
      return new PostgresCanonicalColumn(pair, "date", Numeric.NONE);
    }
    if (left.isTime() && right.isTime()) {
      return new PostgresCanonicalColumn(pair, "timestamp", Numeric.NONE);
    }
    if (left == Family.BOOLEAN && right == Family.BOOLEAN) {
      return new PostgresCanonicalColumn(pair, "boolean", Numeric.NONE);
    }
    return new PostgresCanonicalColumn(pair, "text", Numeric.NONE);
  }

  @Override
  public String value(Side side) {
    ColumnPair pair = pair();
    String column = PostgresDialect.INSTANCE.identifier(pair.name(side));
    String sideType = pair.type(side);
    Family family = family(sideType);
    if (sideType.startsWith("timestamp") && sideType.endsWith("with time zone")) {
      // Not a cast: that would read the instant in the session's time zone.
      column = "(" + column + " AT TIME ZONE 'UTC')";
    } else if (sideType.equals("real") && numeric() != Numeric.NONE) {
      column = "CAST(CAST(" + column + " AS text) AS double precision)";
    }
    if (family == Family.FLOATING && numeric() == Numeric.DECIMAL) {
      // No decimal holds NaN or an infinity: such values read as NULL, as on the other engines.
      column =
          "(CASE WHEN "
              + column
              + " IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) THEN NULL ELSE "
              + column
              + " END)";
    }
    String cast = "CAST(" + column + " AS " + type() + ")";
    return type().equals("numeric") ? "trim_scale(" + cast + ")" : cast;
  }

  @Override
  protected String doubleType() {
    return "double precision";
  }

  private static Family family(String type) {
    if (NUMERIC.matcher(type).matches()) {
      return Family.DECIMAL;
    }
    if (type.startsWith("timestamp")) {
      return Family.TIMESTAMP;
    }
    return switch (type) {
      case "smallint", "integer", "bigint" -> Family.INTEGER;
      case "real", "double precision" -> Family.FLOATING;
      case "boolean" -> Family.BOOLEAN;
      case "date" -> Family.DATE;
      default -> Family.OTHER;
    };
  }

  /** Whether the type is a {@code numeric} without precision and scale. */
  private static boolean unconstrained(String type) {
    Matcher decimal = NUMERIC.matcher(type);
    return decimal.matches() && decimal.group(2) == null;
  }

  /** A constrained numeric's scale; 0 for other types. */
  private static int scale(String type) {
    Matcher decimal = NUMERIC.matcher(type);
    return decimal.matches() && decimal.group(2) != null ? Integer.parseInt(decimal.group(2)) : 0;
  }
}
