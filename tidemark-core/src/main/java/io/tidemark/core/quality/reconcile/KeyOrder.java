package io.tidemark.core.quality.reconcile;

import java.util.Comparator;
import java.util.List;

/**
 * Orders keys as the warehouse's {@code ORDER BY key ASC NULLS LAST} does, so that a capped list
 * holds the same first mismatches whichever reconciler found them.
 */
final class KeyOrder implements Comparator<List<Object>> {
  static final KeyOrder INSTANCE = new KeyOrder();

  private KeyOrder() {}

  @Override
  public int compare(List<Object> a, List<Object> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int order = compareValues(a.get(i), b.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareValues(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    // Values of one key column share a canonical type, hence a Java class.
    if (a.getClass() == b.getClass() && a instanceof Comparable comparable) {
      return comparable.compareTo(b);
    }
    return a.toString().compareTo(b.toString());
  }
}
