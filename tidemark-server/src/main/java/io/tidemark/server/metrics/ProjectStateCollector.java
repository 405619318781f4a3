package io.tidemark.server.metrics;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.ImpactService;
import io.tidemark.core.impact.Staleness;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.FireStatus;
import io.tidemark.core.schedule.ScheduleStore;
import io.tidemark.core.schedule.Scheduler;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.status.AssetStatus;
import io.tidemark.core.status.StatusService;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's state as gauges, read from the state store at each scrape through the same services
 * {@code tidemark status} and {@code tidemark stale} call: partitions per asset by state, the
 * latest check results by severity, assets whose volume check flags an anomaly, each source's
 * freshness lag, and the scheduler's queue. One scrape reads each of them once. A read that fails
 * (the store is down) leaves its gauges out of that scrape and is logged; the scrape still answers.
 */
public final class ProjectStateCollector implements MultiCollector {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectStateCollector.class);

  /** The check id prefix of volume checks, whose failures are the anomalies flagged. */
  private static final String VOLUME_CHECK = "volume";

  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final ScheduleStore schedules;
  private final Scheduler scheduler;
  private final Clock clock;

  /**
   * @param schedules and {@code scheduler}: null when no scheduler runs (their gauges are left out)
   */
  public ProjectStateCollector(
      Project project,
      Warehouse warehouse,
      StateStore store,
      ScheduleStore schedules,
      Scheduler scheduler,
      Clock clock) {
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.schedules = schedules;
    this.scheduler = scheduler;
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public MetricSnapshots collect() {
    MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
    try {
      partitionsAndFreshness(snapshots);
    } catch (RuntimeException e) {
      LOG.warn("metrics: cannot read the partition states: {}", e.getMessage());
    }
    try {
      checks(snapshots);
    } catch (RuntimeException e) {
      LOG.warn("metrics: cannot read the check results: {}", e.getMessage());
    }
    if (scheduler != null && schedules != null) {
      try {
        queue(snapshots);
      } catch (RuntimeException e) {
        LOG.warn("metrics: cannot read the schedule: {}", e.getMessage());
      }
    }
    return snapshots.build();
  }

  private void partitionsAndFreshness(MetricSnapshots.Builder snapshots) {
    List<AssetStatus> statuses = new StatusService(project, warehouse, store, clock).status();
    Staleness.Report stale = new ImpactService(project, store, clock).stale().staleness();
    GaugeSnapshot.Builder partitions =
        GaugeSnapshot.builder()
            .name("tidemark_partitions")
            .help(
                "Partitions of each asset's domain by state (stale: built on inputs that changed)");
    GaugeSnapshot.Builder freshness =
        GaugeSnapshot.builder()
            .name("tidemark_source_freshness_lag_seconds")
            .unit(Unit.SECONDS)
            .help("Time since each source last had a partition loaded or scanned");
    long now = clock.millis();
    for (AssetStatus status : statuses) {
      String asset = status.asset().name().toString();
      long staleCount = sizeOf(stale.stale(), status.asset().name());
      partitions.dataPoint(point(status.materialized(), "asset", asset, "state", "materialized"));
      partitions.dataPoint(point(status.failed(), "asset", asset, "state", "failed"));
      partitions.dataPoint(point(status.invalid(), "asset", asset, "state", "invalid"));
      partitions.dataPoint(point(status.missing(), "asset", asset, "state", "missing"));
      partitions.dataPoint(point(staleCount, "asset", asset, "state", "stale"));
      if (status.asset().isSource() && status.lastWritten() != null) {
        double lag = Math.max(0, now - status.lastWritten().toEpochMilli()) / 1000.0;
        freshness.dataPoint(point(lag, "source", asset));
      }
    }
    snapshots.metricSnapshot(partitions.build());
    snapshots.metricSnapshot(freshness.build());
  }

  private static long sizeOf(
      Map<AssetName, io.tidemark.core.partition.PartitionSet> sets, AssetName name) {
    var set = sets.get(name);
    return set == null ? 0 : set.size();
  }

  private void checks(MetricSnapshots.Builder snapshots) {
    Map<List<String>, Integer> bySeverity =
        new TreeMap<>(java.util.Comparator.comparing(Object::toString));
    for (String severity : List.of(CheckResult.WARN_SEVERITY, CheckResult.ERROR_SEVERITY)) {
      for (CheckStatus status : CheckStatus.values()) {
        bySeverity.put(List.of(severity, lower(status.name())), 0);
      }
    }
    Map<String, Integer> anomalies = new TreeMap<>();
    for (AssetName name : project.assets().keySet()) {
      anomalies.put(name.toString(), 0);
    }
    for (CheckResult result : store.latestCheckResults(List.of())) {
      bySeverity.merge(List.of(result.severity(), lower(result.status().name())), 1, Integer::sum);
      boolean flagged = result.status() == CheckStatus.WARN || result.status() == CheckStatus.FAIL;
      if (flagged && result.check().startsWith(VOLUME_CHECK)) {
        anomalies.merge(result.asset().toString(), 1, Integer::sum);
      }
    }
    GaugeSnapshot.Builder results =
        GaugeSnapshot.builder()
            .name("tidemark_check_results")
            .help("Latest result of every check on every partition, by severity and status");
    bySeverity.forEach(
        (labels, count) ->
            results.dataPoint(point(count, "severity", labels.get(0), "status", labels.get(1))));
    GaugeSnapshot.Builder flagged =
        GaugeSnapshot.builder()
            .name("tidemark_anomalies_flagged")
            .help("Partitions of each asset whose latest volume check flags an anomaly");
    anomalies.forEach((asset, count) -> flagged.dataPoint(point(count, "asset", asset)));
    snapshots.metricSnapshot(results.build());
    snapshots.metricSnapshot(flagged.build());
  }

  private void queue(MetricSnapshots.Builder snapshots) {
    long waiting =
        schedules.openFires().stream().filter(f -> f.status() == FireStatus.WAITING).count();
    snapshots.metricSnapshot(
        GaugeSnapshot.builder()
            .name("tidemark_scheduler_fires_waiting")
            .help("Fires recorded and waiting for their inputs, other pipelines or a free run slot")
            .dataPoint(point(waiting))
            .build());
    snapshots.metricSnapshot(
        GaugeSnapshot.builder()
            .name("tidemark_scheduler_runs_in_flight")
            .help("Runs the scheduler started that have not ended")
            .dataPoint(point(scheduler.runsInFlight()))
            .build());
  }

  private static GaugeDataPointSnapshot point(double value, String... labels) {
    return GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
