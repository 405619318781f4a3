package io.tidemark.core.incident;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.impact.Impact;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.state.Incident;

/**
 * A recorded incident: the partitions it marked invalid, and everything downstream that read them.
 */
public record Invalidation(Incident incident, PartitionSet partitions, Impact impact) {
  public Invalidation {
    requireNonNull(incident, "incident is null");
    requireNonNull(partitions, "partitions is null");
    requireNonNull(impact, "impact is null");
  }
}
