package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares fetched rows of the two sides key by key, as the join does in the warehouse: a key with
 * several rows on a side is a {@link Mismatch.Kind#DUPLICATE_KEY}, one present on one side only is
 * missing on the other, and a pair of rows is {@link Mismatch.Kind#DIFFERENT} when a compared
 * column differs beyond the tolerance.
 */
final class RowDiff {
  private final int keyCount;
  private final List<String> comparedNames;
  private final ValueTolerance tolerance;

  /**
   * @param keyCount how many leading values of a fetched row are the key
   * @param comparedNames the left names of the compared columns, whose values follow the key
   */
  RowDiff(int keyCount, List<String> comparedNames, ValueTolerance tolerance) {
    this.keyCount = keyCount;
    this.comparedNames = List.copyOf(comparedNames);
    this.tolerance = requireNonNull(tolerance, "tolerance is null");
  }

  /** Both sides' rows must hold every row of their keys: whole segments, not parts. */
  void diff(List<List<Object>> left, List<List<Object>> right, MismatchCollector mismatches) {
    Map<List<Object>, List<List<Object>>> leftByKey = byKey(left);
    Map<List<Object>, List<List<Object>>> rightByKey = byKey(right);
    for (Map.Entry<List<Object>, List<List<Object>>> entry : leftByKey.entrySet()) {
      compare(entry.getKey(), entry.getValue(), rightByKey.getOrDefault(entry.getKey(), List.of()))
          .ifPresent(mismatches::add);
    }
    for (Map.Entry<List<Object>, List<List<Object>>> entry : rightByKey.entrySet()) {
      if (!leftByKey.containsKey(entry.getKey())) {
        compare(entry.getKey(), List.of(), entry.getValue()).ifPresent(mismatches::add);
      }
    }
  }

  private Optional<Mismatch> compare(
      List<Object> key, List<List<Object>> left, List<List<Object>> right) {
    Mismatch.Kind kind;
    List<Mismatch.Difference> differences = List.of();
    if (left.size() > 1 || right.size() > 1) {
      kind = Mismatch.Kind.DUPLICATE_KEY;
    } else if (left.isEmpty()) {
      kind = Mismatch.Kind.MISSING_LEFT;
    } else if (right.isEmpty()) {
      kind = Mismatch.Kind.MISSING_RIGHT;
    } else {
      differences = differences(left.get(0), right.get(0));
      if (differences.isEmpty()) {
        return Optional.empty();
      }
      kind = Mismatch.Kind.DIFFERENT;
    }
    return Optional.of(new Mismatch(key, kind, left.size(), right.size(), differences));
  }

  private List<Mismatch.Difference> differences(List<Object> left, List<Object> right) {
    List<Mismatch.Difference> differences = new ArrayList<>();
    for (int i = 0; i < comparedNames.size(); i++) {
      Object l = left.get(keyCount + i);
      Object r = right.get(keyCount + i);
      if (!tolerance.same(l, r)) {
        differences.add(new Mismatch.Difference(comparedNames.get(i), l, r));
      }
    }
    return differences;
  }

  private Map<List<Object>, List<List<Object>>> byKey(List<List<Object>> rows) {
    Map<List<Object>, List<List<Object>>> byKey = new LinkedHashMap<>();
    for (List<Object> row : rows) {
      List<Object> key = new ArrayList<>(keyCount);
      for (int i = 0; i < keyCount; i++) {
        key.add(normalized(row.get(i)));
      }
      byKey.computeIfAbsent(Collections.unmodifiableList(key), k -> new ArrayList<>(1)).add(row);
    }
    return byKey;
  }

  /** The engines match -0.0 with 0.0 (and hash them alike); Double.equals does not. */
  private static Object normalized(Object value) {
    return value instanceof Double d && d == 0.0 ? (Object) 0.0 : value;
  }
}
