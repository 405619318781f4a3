package io.tidemark.core.load;

import java.util.Locale;

/** How a loaded source follows the data it copies. */
public enum LoadMode {
  /** The whole source as of the load; every load takes it again. */
  SNAPSHOT,
  /**
   * Rows whose cursor column ({@code updated_at}, an id) reached past the high-water mark of the
   * last load, less a look-back for late commits.
   */
  INCREMENTAL,
  /** Each partition once, by its partition column: for append-only data. */
  PARTITION;

  public static LoadMode parse(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
