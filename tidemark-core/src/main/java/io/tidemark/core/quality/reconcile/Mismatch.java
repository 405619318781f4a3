package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A key whose rows do not agree between the two sides.
 *
 * @param key the key's values, in the order of the key columns, as both sides' canonical type (see
 *     {@link ReconcileSql}); a value may be null
 * @param kind how the rows disagree
 * @param leftRows rows with this key on the left side
 * @param rightRows rows with this key on the right side
 * @param differences for {@link Kind#DIFFERENT}, the compared columns that differ; else empty
 */
public record Mismatch(
    List<Object> key, Kind kind, long leftRows, long rightRows, List<Difference> differences) {
  public enum Kind {
    /** Only the right side has the key. */
    MISSING_LEFT,
    /** Only the left side has the key. */
    MISSING_RIGHT,
    /** One row on each side, and some compared column differs (beyond the tolerance). */
    DIFFERENT,
    /**
     * More than one row has the key on at least one side, whatever the other side holds: rows can
     * only be paired on a unique key, so such a key is reported rather than compared. Reported even
     * when both sides hold the same duplicates, as a reconciliation's key is meant to be unique.
     */
    DUPLICATE_KEY
  }

  /**
   * One compared column that differs.
   *
   * @param column the column's name on the left side
   */
  public record Difference(String column, Object left, Object right) {
    public Difference {
      requireNonNull(column, "column is null");
    }
  }

  public Mismatch {
    // Unmodifiable, yet null-tolerant unlike List.copyOf.
    key = Collections.unmodifiableList(new ArrayList<>(requireNonNull(key, "key is null")));
    requireNonNull(kind, "kind is null");
    differences = List.copyOf(requireNonNull(differences, "differences is null"));
    if (leftRows < 0 || rightRows < 0) {
      throw new IllegalArgumentException("row counts must not be negative");
    }
  }
}
