package io.tidemark.warehouse.spark;

import io.tidemark.core.quality.reconcile.CanonicalColumn;
import io.tidemark.core.quality.reconcile.ColumnPair;
import io.tidemark.core.quality.reconcile.Reconciliation.Side;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a reconciled column pair is read as one Spark SQL type on both sides, so that the same data
 * stored under compatible types compares, and hashes, equal. Types are as Spark's catalog writes
 * them ({@code DataType.catalogString}):
 *
 * <ul>
 *   <li>integers of any width ({@code tinyint}, {@code smallint}, {@code int}, {@code bigint}):
 *       {@code bigint}, which holds every Spark integer;
 *   <li>a {@code decimal(p,s)} against any number: {@code decimal(38, s)}, {@code s} the larger
 *       scale, so that the decimal side's precision decides and the tolerance applies exactly. A
 *       float is rounded to the scale; NaN, infinities and values too large read as NULL;
 *   <li>{@code float} or {@code double} against a float or an integer: {@code double}; a {@code
 *       float} is read through its shortest decimal text (0.1 reads as 0.1);
 *   <li>dates: {@code date}; a date against a timestamp, and timestamps of either kind: {@code
 *       timestamp_ntz}, a {@code timestamp} (Spark's timestamp with the session's time zone) read
 *       in UTC whatever the session's zone;
 *   <li>booleans: {@code boolean};
 *   <li>anything else (strings, binary, arrays, maps, or two unrelated types): {@code string}.
 * </ul>
 */
final class SparkCanonicalColumn extends CanonicalColumn {
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),(\\d+)\\)");

  private SparkCanonicalColumn(ColumnPair pair, String type, Numeric numeric) {
    super(pair, type, numeric);
  }

  static SparkCanonicalColumn of(ColumnPair pair) {
    Family left = family(pair.leftType());
    Family right = family(pair.rightType());
    if (left == Family.INTEGER && right == Family.INTEGER) {
      return new SparkCanonicalColumn(pair, "bigint", Numeric.INTEGER);
    }
    if (left.isNumber() && right.isNumber()) {
      if (left == Family.DECIMAL || right == Family.DECIMAL) {
        int scale = Math.max(scale(pair.leftType()), scale(pair.rightType()));
        return new SparkCanonicalColumn(pair, "decimal(38," + scale + ")", Numeric.DECIMAL);
      }
      return new SparkCanonicalColumn(pair, "double", Numeric.DOUBLE);
    }
    if (left == Family.DATE && right == Family.DATE) {
      return new SparkCanonicalColumn(pair, "date", Numeric.NONE);
    }
    if (left.isTime() && right.isTime()) {
      return new SparkCanonicalColumn(pair, "timestamp_ntz", Numeric.NONE);
    }
    if (left == Family.BOOLEAN && right == Family.BOOLEAN) {
      return new SparkCanonicalColumn(pair, "boolean", Numeric.NONE);
    }
    return new SparkCanonicalColumn(pair, "string", Numeric.NONE);
  }

  @Override
  public String value(Side side) {
    ColumnPair pair = pair();
    String column = SparkDialect.INSTANCE.identifier(pair.name(side));
    String sideType = pair.type(side);
    if (sideType.equals("timestamp")) {
      // Spark's timestamp is an instant shown in the session's zone: its wall time there, moved
      // to UTC's.
      column = "convert_timezone(current_timezone(), 'UTC', CAST(" + column + " AS timestamp_ntz))";
    } else if (sideType.equals("float") && numeric() != Numeric.NONE) {
      column = "CAST(CAST(" + column + " AS string) AS double)";
    }
    if (family(sideType) == Family.FLOATING && numeric() == Numeric.DECIMAL) {
      // No decimal holds NaN or an infinity: such values read as NULL, as on the other engines.
      return "try_cast(" + column + " AS " + type() + ")";
    }
    return "CAST(" + column + " AS " + type() + ")";
  }

  @Override
  protected String doubleType() {
    return "double";
  }

  private static Family family(String type) {
    if (DECIMAL.matcher(type).matches()) {
      return Family.DECIMAL;
    }
    return switch (type) {
      case "tinyint", "smallint", "int", "bigint" -> Family.INTEGER;
      case "float", "double" -> Family.FLOATING;
      case "boolean" -> Family.BOOLEAN;
      case "date" -> Family.DATE;
      case "timestamp", "timestamp_ntz" -> Family.TIMESTAMP;
      default -> Family.OTHER;
    };
  }

  /** A decimal's scale; 0 for other types. */
  private static int scale(String type) {
    Matcher decimal = DECIMAL.matcher(type);
    return decimal.matches() ? Integer.parseInt(decimal.group(2)) : 0;
  }
}
