package io.tidemark.core.asset;

import java.util.Locale;

/** How a model is written to the warehouse. */
public enum Materialization {
  /** Rebuilt whole on every run. */
  TABLE,
  /** A view: nothing is stored, the query runs when read. */
  VIEW,
  /** Partitioned by time; each run replaces exactly its partitions. */
  INCREMENTAL;

  public static Materialization parse(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
