package io.tidemark.core.incident;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.impact.ImpactContext;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.Incident;
import io.tidemark.core.state.NewIncident;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskStatistics;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invalidate use case: record an incident that says some partitions of an asset hold bad data,
 * and mark them invalid. A run rebuilds invalid model partitions; a repair rebuilds them and
 * everything downstream. Reads and writes the state store only.
 */
public final class IncidentService {
  private final Project project;
  private final StateStore store;
  private final Clock clock;

  public IncidentService(Project project, StateStore store, Clock clock) {
    this.project = requireNonNull(project, "project is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Marks the built partitions of {@code asset} touching days {@code first..last} invalid, with the
   * incident that says why, in one transaction.
   *
   * @param reason what went wrong
   * @param reportedBy who says so
   * @throws TidemarkException {@code INVALID_ARGUMENT} for an empty reason, or when the asset has
   *     no built partition in the range; nothing is recorded then
   */
  public Invalidation invalidate(
      AssetName asset, LocalDate first, LocalDate last, String reason, String reportedBy) {
    requireNonNull(reason, "reason is null");
    requireNonNull(reportedBy, "reportedBy is null");
    if (reason.isBlank()) {
      throw new TidemarkException(ErrorCode.INVALID_ARGUMENT, "--reason must say what went wrong");
    }
    Asset bad = project.asset(asset);
    ZonedDateTime asOf = ZonedDateTime.now(clock);
    Instant now = asOf.toInstant();
    ImpactContext context = new ImpactContext(new Lineage(project, asOf), store);
    PartitionSet partitions = context.rootPartitions(bad, TimeRange.ofDays(first, last));
    Map<String, PartitionState> stored = context.states().getOrDefault(bad.name(), Map.of());
    List<PartitionState> invalidated = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (PartitionKey key : partitions.keys()) {
      keys.add(key.toString());
      PartitionState before = stored.get(key.toString());
      invalidated.add(
          before == null
              ? new PartitionState(
                  bad.name(),
                  key.toString(),
                  PartitionStatus.INVALID,
                  Lineage.UNSCANNED,
                  "",
                  "",
                  TaskStatistics.NONE,
                  0,
                  now)
              : before.marked(PartitionStatus.INVALID, now));
    }
    Incident incident =
        store.recordIncident(
            new NewIncident(
                bad.name(), first.toString(), last.toString(), keys, reason, reportedBy, now),
            invalidated);
    // Invalid partitions still hold data, so what is built, and the impact, did not change.
    Impact impact = context.impact(Map.of(bad.name(), partitions), Set.of());
    return new Invalidation(incident, partitions, impact);
  }
}
