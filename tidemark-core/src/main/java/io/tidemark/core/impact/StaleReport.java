package io.tidemark.core.impact;

import static java.util.Objects.requireNonNull;

/**
 * The partitions that no longer match their inputs, and what reads them.
 *
 * @param impact everything downstream of the stale and invalid model partitions, them included
 * @param downstreamPartitions partitions of {@code impact} that are not stale or invalid themselves
 */
public record StaleReport(Staleness.Report staleness, Impact impact, long downstreamPartitions) {
  public StaleReport {
    requireNonNull(staleness, "staleness is null");
    requireNonNull(impact, "impact is null");
  }

  public boolean isEmpty() {
    return staleness.isEmpty();
  }
}
