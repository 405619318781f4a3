package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One page of the latest check results, failures first, with how many latest results there are of
 * each status: what the checks list shows, read page by page instead of result by result.
 *
 * @param counts of every status, the latest results of every selected asset (whatever statuses the
 *     page keeps); a status none has counts 0
 * @param results the page
 */
public record CheckPage(Map<CheckStatus, Long> counts, List<CheckResult> results) {
  public CheckPage {
    requireNonNull(counts, "counts is null");
    Map<CheckStatus, Long> all = new EnumMap<>(CheckStatus.class);
    for (CheckStatus status : CheckStatus.values()) {
      all.put(status, counts.getOrDefault(status, 0L));
    }
    counts = java.util.Collections.unmodifiableMap(all);
    results = List.copyOf(requireNonNull(results, "results is null"));
  }

  /** How many the statuses (every status when empty) count together. */
  public long total(java.util.Set<CheckStatus> statuses) {
    return counts.entrySet().stream()
        .filter(e -> statuses.isEmpty() || statuses.contains(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
