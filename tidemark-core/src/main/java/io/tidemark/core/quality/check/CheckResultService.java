package io.tidemark.core.quality.check;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.Selector;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.CheckPage;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.StateStore;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check results use case: the latest result of every check on every partition, the ones that
 * need a person first. Reads the state store only.
 */
public final class CheckResultService {
  /**
   * Failures first: errors and failed error-level checks, then warnings, then skipped results (not
   * judged), then passes; within each, the most recently checked first, then by asset, check and
   * partition.
   */
  public static final Comparator<CheckResult> FAILURES_FIRST =
      Comparator.comparingInt((CheckResult r) -> urgency(r.status()))
          .thenComparing(CheckResult::checkedAt, Comparator.reverseOrder())
          .thenComparing(CheckResult::asset)
          .thenComparing(CheckResult::check)
          .thenComparing(CheckResult::partition, Comparator.reverseOrder());

  private final Project project;
  private final StateStore store;

  public CheckResultService(Project project, StateStore store) {
    this.project = requireNonNull(project, "project is null");
    this.store = requireNonNull(store, "store is null");
  }

  /**
   * The latest results of the selected assets' checks, {@link #FAILURES_FIRST}.
   *
   * @param selection as typed; empty for every asset
   * @param statuses the statuses to keep; empty for all
   * @throws io.tidemark.core.TidemarkException {@code INVALID_ARGUMENT} for a bad selection
   */
  public List<CheckResult> latest(String selection, Set<CheckStatus> statuses) {
    requireNonNull(selection, "selection is null");
    requireNonNull(statuses, "statuses is null");
    Set<AssetName> assets =
        selection.isBlank() ? Set.of() : new Selector(project).select(selection);
    if (!selection.isBlank() && assets.isEmpty()) {
      return List.of();
    }
    return store.latestCheckResults(assets).stream()
        .filter(result -> statuses.isEmpty() || statuses.contains(result.status()))
        .sorted(FAILURES_FIRST)
        .toList();
  }

  /**
   * A page of {@link #latest}, and the count of every status among the selected assets' latest
   * results. Of every asset, the store pages and counts them; of a selection, they are read and
   * sorted here (a selection's results are as many as its assets' partitions).
   *
   * @param selection as typed; empty for every asset
   * @param statuses the statuses to keep; empty for all
   * @throws io.tidemark.core.TidemarkException {@code INVALID_ARGUMENT} for a bad selection
   */
  public CheckPage page(String selection, Set<CheckStatus> statuses, int offset, int limit) {
    requireNonNull(selection, "selection is null");
    requireNonNull(statuses, "statuses is null");
    if (selection.isBlank()) {
      return store.latestCheckPage(statuses, offset, limit);
    }
    List<CheckResult> all = latest(selection, Set.of());
    Map<CheckStatus, Long> counts = new EnumMap<>(CheckStatus.class);
    all.forEach(result -> counts.merge(result.status(), 1L, Long::sum));
    return new CheckPage(
        counts,
        all.stream()
            .filter(result -> statuses.isEmpty() || statuses.contains(result.status()))
            .skip(offset)
            .limit(limit)
            .toList());
  }

  private static int urgency(CheckStatus status) {
    return switch (status) {
      case ERROR, FAIL -> 0;
      case WARN -> 1;
      case SKIPPED -> 2;
      case PASS -> 3;
    };
  }
}
