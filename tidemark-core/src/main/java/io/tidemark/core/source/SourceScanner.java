package io.tidemark.core.source;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.PlannedTask;
import io.tidemark.core.plan.Task;
import io.tidemark.core.quality.Check;
import io.tidemark.core.quality.CheckEvaluator;
import io.tidemark.core.quality.RowHistory;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.warehouse.PartitionFingerprint;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Gives source partitions data versions: a fingerprint (row count and an order-independent hash,
 * computed in the warehouse) per partition. A partition whose fingerprint differs from the stored
 * one gets a new version, which makes every partition that read it stale.
 */
public final class SourceScanner {
  private final Lineage lineage;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile WarehouseSession open; // the session of the scan in flight, for cancel()

  /** Hears how far a scan before a run has got. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total) -> {};

    /**
     * @param done source partitions fingerprinted (and checked) so far
     * @param total source partitions to scan
     */
    void scanned(long done, long total);
  }

  public SourceScanner(Lineage lineage, Warehouse warehouse, StateStore store, Clock clock) {
    this.lineage = requireNonNull(lineage, "lineage is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Fingerprints every partition of {@code source} inside {@code range} and records the versions
   * that are new or changed. A partition marked invalid stays invalid until its data changes.
   *
   * @param runId the run the scan belongs to; 0 outside any run
   */
  public SourceScan scan(Asset source, TimeRange range, long runId) {
    return scan(source, range, runId, false, true, storedStates(source, range), checked -> {});
  }

  /**
   * {@link #scan} without evaluating the source's checks: for a caller that evaluates them on every
   * partition in the range anyway ({@code tidemark check}), so nothing is checked twice.
   */
  public SourceScan record(Asset source, TimeRange range) {
    return scan(source, range, 0, false, false, storedStates(source, range), checked -> {});
  }

  private Map<String, PartitionState> storedStates(Asset source, TimeRange range) {
    return store
        .partitionsByAsset(List.of(source.name()), bounded(source, range))
        .getOrDefault(source.name(), Map.of());
  }

  /**
   * Before a run: fingerprints the source partitions its tasks read that were never scanned, so
   * that every partition the run writes records real input versions. Partitions scanned before are
   * left alone; a source that cannot be read is left to fail the tasks that read it.
   */
  public List<SourceScan> scanUnscanned(Plan plan, long runId) {
    return scanUnscanned(plan, runId, Progress.NONE);
  }

  /**
   * {@link #scanUnscanned(Plan, long)}, telling {@code progress} how far it got; after {@link
   * #cancel} it stops and returns what it scanned so far.
   */
  public List<SourceScan> scanUnscanned(Plan plan, long runId, Progress progress) {
    Map<AssetName, List<PartitionKey>> unscanned = new LinkedHashMap<>();
    // The stored states of the source partitions the tasks read, in one read.
    Map<AssetName, TimeRange> read =
        new HashMap<>(lineage.stateSpans(plan.tasks().stream().map(PlannedTask::task).toList()));
    read.keySet().removeIf(name -> !lineage.project().asset(name).isSource());
    Map<AssetName, Map<String, PartitionState>> known =
        read.isEmpty() ? Map.of() : store.partitionsByAsset(read);
    for (PlannedTask planned : plan.tasks()) {
      Task task = planned.task();
      for (Dependency dependency : lineage.project().asset(task.asset()).dependencies()) {
        Asset source = lineage.project().asset(dependency.upstream());
        // A loaded source's partitions get their versions from their loads.
        if (!source.isSource() || lineage.project().isLoaded(source.name())) {
          continue;
        }
        Map<String, PartitionState> states = known.getOrDefault(source.name(), Map.of());
        for (PartitionKey key :
            dependency
                .mapping()
                .upstreamOf(task.partition(), source.grain(), lineage.domain(source))) {
          if (!states.containsKey(key.toString())) {
            unscanned.computeIfAbsent(source.name(), k -> new ArrayList<>()).add(key);
          }
        }
      }
    }
    Map<AssetName, PartitionSet> toScan = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<AssetName, List<PartitionKey>> entry : unscanned.entrySet()) {
      PartitionSet partitions =
          PartitionSet.of(lineage.project().asset(entry.getKey()).grain(), entry.getValue());
      toScan.put(entry.getKey(), partitions);
      total += partitions.size();
    }
    List<SourceScan> scans = new ArrayList<>();
    long[] done = {0};
    for (Map.Entry<AssetName, PartitionSet> entry : toScan.entrySet()) {
      if (cancelled.get()) {
        break;
      }
      Asset source = lineage.project().asset(entry.getKey());
      List<TimeRange> spans = entry.getValue().spans();
      TimeRange hull = new TimeRange(spans.get(0).start(), spans.get(spans.size() - 1).end());
      long before = done[0];
      long sourceTotal = total;
      try {
        scans.add(
            scan(
                source,
                hull,
                runId,
                true,
                true,
                known.getOrDefault(source.name(), Map.of()),
                checked -> progress.scanned(before + checked, sourceTotal)));
      } catch (TidemarkException e) {
        // The tasks reading this source fail with the warehouse's own message (or the scan was
        // cancelled, and the run ends interrupted).
      }
      done[0] = before + entry.getValue().size();
      progress.scanned(Math.min(done[0], total), total);
    }
    return scans;
  }

  /**
   * Stops a scan in flight: the statement running is aborted and no further source is scanned. Safe
   * to call from any thread.
   */
  public void cancel() {
    cancelled.set(true);
    WarehouseSession session = open;
    if (session != null) {
      session.cancel();
    }
  }

  /** The part of {@code range} in which the source has partitions. */
  private TimeRange bounded(Asset source, TimeRange range) {
    return source.isPartitioned()
        ? range.intersect(lineage.domain(source))
        : lineage.domain(source);
  }

  /**
   * @param stored the source's stored partition states in the range scanned (at least), read once
   *     by the caller
   */
  private SourceScan scan(
      Asset source,
      TimeRange range,
      long runId,
      boolean onlyNew,
      boolean withChecks,
      Map<String, PartitionState> stored,
      LongConsumer checkedSoFar) {
    if (!source.isSource()) {
      throw new IllegalArgumentException(source.name() + " is not a source");
    }
    TimeRange bounded = bounded(source, range);
    try (WarehouseSession session = warehouse.openSession()) {
      open = session;
      if (cancelled.get()) {
        return new SourceScan(source.name(), 0, List.of(), List.of(), List.of());
      }
      List<PartitionFingerprint> fingerprints =
          session.fingerprint(source.name(), source.partitioning(), bounded);
      List<PartitionState> toWrite = new ArrayList<>();
      List<SourceScan.Change> changes = new ArrayList<>();
      for (PartitionFingerprint fingerprint : fingerprints) {
        String key = fingerprint.partition().toString();
        PartitionState before = stored.get(key);
        if (before != null && (onlyNew || before.dataVersion().equals(fingerprint.version()))) {
          continue;
        }
        toWrite.add(
            new PartitionState(
                source.name(),
                key,
                PartitionStatus.MATERIALIZED,
                fingerprint.version(),
                "",
                "",
                new TaskStatistics(fingerprint.rows(), 0, 0, 0, 0),
                runId,
                clock.instant()));
        changes.add(
            new SourceScan.Change(
                fingerprint.partition(),
                before == null ? -1 : before.statistics().rows(),
                fingerprint.rows()));
      }
      store.putPartitions(toWrite);
      List<CheckResult> checks =
          withChecks ? check(session, source, toWrite, runId, checkedSoFar) : List.of();
      return new SourceScan(source.name(), fingerprints.size(), changes, checks, toWrite);
    } finally {
      open = null;
    }
  }

  /** Evaluates the source's checks on the partitions whose data is new or changed. */
  private List<CheckResult> check(
      WarehouseSession session,
      Asset source,
      List<PartitionState> written,
      long runId,
      LongConsumer checkedSoFar) {
    List<Check> checks = lineage.project().checks(source.name());
    if (checks.isEmpty() || written.isEmpty()) {
      return List.of();
    }
    // The packed counts the scan just wrote are in the store: the whole history, in one read.
    RowHistory rows = RowHistory.read(store, List.of(source)).get(source.name());
    CheckEvaluator evaluator = CheckEvaluator.standard(clock, lineage.project()::asset);
    List<CheckResult> results = new ArrayList<>();
    long checked = 0;
    for (PartitionState state : written) {
      if (cancelled.get()) {
        break;
      }
      checkedSoFar.accept(checked++);
      results.addAll(
          evaluator.evaluate(
              session,
              source,
              checks,
              PartitionKey.parse(source.grain(), state.partition()),
              runId,
              rows,
              arrival(state)));
    }
    store.recordCheckResults(results);
    return results;
  }

  /**
   * When a source partition's data arrived, as far as Tidemark knows: when a scan recorded its
   * current rows; null while it holds none.
   */
  public static java.time.Instant arrival(PartitionState state) {
    return state == null || state.statistics().rows() <= 0 ? null : state.updatedAt();
  }
}
