package io.tidemark.core.quality.check;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import java.util.List;

/**
 * The results of checking on demand, as recorded.
 *
 * @param results per checked asset (upstream first), per check and partition
 */
public record CheckReport(List<CheckResult> results) {
  public CheckReport {
    results = List.copyOf(requireNonNull(results, "results is null"));
  }

  /** Whether an error-level check failed or could not be evaluated. */
  public boolean failed() {
    return results.stream()
        .anyMatch(r -> r.status() == CheckStatus.FAIL || r.status() == CheckStatus.ERROR);
  }
}
