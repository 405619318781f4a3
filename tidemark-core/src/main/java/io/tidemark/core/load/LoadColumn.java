package io.tidemark.core.load;

import static java.util.Objects.requireNonNull;

/**
 * A column a loader delivers.
 *
 * @param precision digits of a {@link LoadType#DECIMAL} (1 to 38); 0 for other types
 * @param scale digits after the point of a {@link LoadType#DECIMAL}; 0 for other types
 */
public record LoadColumn(String name, LoadType type, int precision, int scale) {
  public LoadColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a column needs a name");
    }
    if (type == LoadType.DECIMAL
        && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
      throw new IllegalArgumentException(
          "decimal(" + precision + "," + scale + ") of column " + name + " is out of range");
    }
  }

  public static LoadColumn of(String name, LoadType type) {
    return new LoadColumn(name, type, 0, 0);
  }

  public static LoadColumn decimal(String name, int precision, int scale) {
    return new LoadColumn(name, LoadType.DECIMAL, precision, scale);
  }

  /** The column's SQL type: {@code DECIMAL(18,2)}, {@code TIMESTAMP}. */
  public String sqlType() {
    return type == LoadType.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : type.sql();
  }
}
