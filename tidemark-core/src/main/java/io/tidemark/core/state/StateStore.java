package io.tidemark.core.state;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Durable record of runs, task attempts, partition states, incidents, repairs and data-quality
 * check results. SQLite by default, PostgreSQL in production; both behave the same (one contract
 * test suite runs against each).
 *
 * <p>Implementations are safe for use from several threads. Every method is its own transaction;
 * {@link #finishAttempt} updates the attempt and the partition state together, so a partition is
 * never recorded as written by an attempt the store does not know finished. {@link #startRepairRun}
 * checks for overlapping repairs and starts the run as one step, also against other processes using
 * the same database.
 *
 * <p>Failures surface as {@link io.tidemark.core.TidemarkException} with code {@code STATE_STORE}.
 */
public interface StateStore extends AutoCloseable {
  /** Records a new run in status {@link RunStatus#RUNNING} and returns it with its id. */
  Run createRun(NewRun run);

  /** Sets the final status of a run. */
  void finishRun(long runId, RunStatus status, Instant endedAt);

  Optional<Run> findRun(long runId);

  /** The most recent runs first. */
  List<Run> recentRuns(int limit);

  /** Runs still marked {@link RunStatus#RUNNING}. */
  List<Run> runningRuns();

  /**
   * Marks interrupted every running run whose owner {@code isGone}, with its running attempts, and
   * returns those runs.
   */
  List<Run> markInterrupted(Predicate<RunOwner> isGone, Instant now);

  /** Records the start of an attempt (status {@link TaskStatus#RUNNING}) and returns its id. */
  long startAttempt(long runId, AssetName asset, String partition, int attempt, Instant startedAt);

  /**
   * Ends an attempt; when {@code partitionState} is present, writes it in the same transaction.
   *
   * @param message error or skip reason; empty on success
   */
  void finishAttempt(
      long attemptId,
      TaskStatus status,
      Instant endedAt,
      String message,
      TaskStatistics statistics,
      String dataVersion,
      Optional<PartitionState> partitionState);

  /** Records a task that was not attempted, with the reason. */
  void recordSkipped(long runId, AssetName asset, String partition, String reason, Instant at);

  /** Every attempt of a run, in the order they started. */
  List<TaskAttempt> attempts(long runId);

  /**
   * Keeps what an attempt printed (the statement it ran, what it wrote, the warehouse's error),
   * replacing an earlier log of the same attempt.
   */
  void recordAttemptLog(long runId, long attemptId, String log);

  /** The logs of a run's attempts, by attempt id; attempts that left none are absent. */
  Map<Long, String> attemptLogs(long runId);

  /** Stored partition states of the given assets (all assets when empty). */
  List<PartitionState> partitions(Collection<AssetName> assets);

  /** {@link #partitions} indexed by asset, then by partition key. */
  default Map<AssetName, Map<String, PartitionState>> partitionsByAsset(
      Collection<AssetName> assets) {
    return byAsset(partitions(assets));
  }

  /**
   * Stored states of the given assets' partitions that overlap {@code range}, and of unpartitioned
   * assets' one partition (all assets when empty): what a command working on a range reads, without
   * the rest of a long history.
   */
  List<PartitionState> partitions(Collection<AssetName> assets, TimeRange range);

  /** {@link #partitions(Collection, TimeRange)} indexed by asset, then by partition key. */
  default Map<AssetName, Map<String, PartitionState>> partitionsByAsset(
      Collection<AssetName> assets, TimeRange range) {
    return byAsset(partitions(assets, range));
  }

  /**
   * The states of each asset's partitions that overlap its span (and unpartitioned ones), indexed
   * by asset then key: one read per distinct span, which for a plan is usually one or two.
   */
  default Map<AssetName, Map<String, PartitionState>> partitionsByAsset(
      Map<AssetName, TimeRange> spans) {
    Map<TimeRange, List<AssetName>> bySpan = new HashMap<>();
    spans.forEach(
        (asset, span) -> bySpan.computeIfAbsent(span, s -> new java.util.ArrayList<>()).add(asset));
    List<PartitionState> states = new java.util.ArrayList<>();
    bySpan.forEach((span, assets) -> states.addAll(partitions(assets, span)));
    return byAsset(states);
  }

  private static Map<AssetName, Map<String, PartitionState>> byAsset(
      List<PartitionState> partitions) {
    Map<AssetName, Map<String, PartitionState>> states = new HashMap<>();
    for (PartitionState state : partitions) {
      states.computeIfAbsent(state.asset(), k -> new HashMap<>()).put(state.partition(), state);
    }
    return states;
  }

  Optional<PartitionState> partition(AssetName asset, String partition);

  /**
   * Per asset and status, its stored partitions whose keys lie in the asset's run (keys of the
   * run's grain only), counted, with their rows and latest write; statuses without partitions are
   * left out.
   */
  List<PartitionTally> tally(Map<AssetName, PartitionTally.KeyRun> runs);

  /**
   * The states the packed row counts do not show, of every asset: failed writes and unpartitioned
   * assets' partitions. With {@link #rowCounts}, which partitions hold data, read without reading
   * every state.
   */
  List<PartitionState> failedOrUnpartitioned();

  /**
   * Per asset, the mean wall time of its stored partitions' last writes, over those that recorded
   * one; assets without any are left out.
   */
  Map<AssetName, Double> meanWallMillis(Collection<AssetName> assets);

  /**
   * Per asset, what its succeeded attempts used on average (one query for all of them); assets
   * without a succeeded attempt are left out.
   */
  Map<AssetName, AttemptMeans> attemptMeans(Collection<AssetName> assets);

  /** In packed row counts, a partition without one. */
  long NO_COUNT = Long.MIN_VALUE;

  /** Receives stored row counts of consecutive partitions of one asset. */
  @FunctionalInterface
  interface RowCountConsumer {
    /**
     * @param grain the grain the partitions were written in
     * @param firstIndex the {@link io.tidemark.core.partition.PartitionIndex} of {@code counts[0]}
     * @param counts the row count of each partition, {@link #NO_COUNT} where there is none; owned
     *     by the receiver
     */
    void accept(
        AssetName asset, io.tidemark.core.partition.Grain grain, long firstIndex, long[] counts);
  }

  /**
   * Streams the row count of every partition of the given assets that holds data (failed writes
   * excluded), in runs of consecutive partitions in no particular order: the statistics volume
   * checks judge. The store keeps them packed beside the partition states, written in the same
   * transaction, so that reading a year of counts of thousands of assets reads a few rows per
   * asset.
   */
  void rowCounts(Collection<AssetName> assets, RowCountConsumer consumer);

  /** Writes partition states directly (source scans, incidents), in one transaction. */
  void putPartitions(Collection<PartitionState> states);

  /**
   * Records an incident and, in the same transaction, writes the partition states it marks invalid.
   *
   * @param invalidated the states to write, typically {@link PartitionStatus#INVALID}; may be empty
   * @return the incident with its id
   * @throws IllegalArgumentException for a partition key that is empty or holds a line break
   */
  Incident recordIncident(NewIncident incident, Collection<PartitionState> invalidated);

  /** The most recently reported incidents first, at most {@code limit}. */
  List<Incident> recentIncidents(int limit);

  /**
   * Stores a repair plan with its tasks.
   *
   * @return the repair with its id, in status {@link RepairStatus#PLANNED}
   * @throws IllegalArgumentException when the plan lists a task twice
   */
  Repair createRepair(NewRepair repair);

  /** The repair, with its status derived from its latest run; empty when there is none. */
  Optional<Repair> findRepair(long repairId);

  /** The most recently created repairs first, at most {@code limit}. */
  List<Repair> recentRepairs(int limit);

  /** The plan's tasks, in stored (plan) order; empty for an unknown repair. */
  List<RepairTask> repairTasks(long repairId);

  /**
   * Tasks of the repair that an attempt in one of its runs finished with {@link
   * TaskStatus#SUCCEEDED}. Attempts of runs that are not the repair's count for nothing, even when
   * they wrote the same partitions.
   */
  Set<RepairTask> completedRepairTasks(long repairId);

  /**
   * Starts a run of a repair, atomically: when any repair (this one included) has a run in status
   * {@link RunStatus#RUNNING} whose repair's tasks overlap {@code tasks}, throws {@link
   * io.tidemark.core.TidemarkException} with code {@code CONFLICT} and a message naming the other
   * repair, its run and up to 3 overlapping partitions ({@code asset partition}), and writes
   * nothing. Otherwise creates the run exactly like {@link #createRun} and links it to the repair.
   *
   * @param tasks the tasks this run will execute, usually the plan's tasks not yet completed
   * @throws io.tidemark.core.TidemarkException {@code NOT_FOUND} for an unknown repair
   */
  Run startRepairRun(long repairId, Collection<RepairTask> tasks, NewRun run);

  /** Runs of a repair, oldest (first started) first; empty for an unknown repair. */
  List<Run> repairRuns(long repairId);

  /**
   * Records check results in one transaction: each joins the history, and becomes the latest result
   * of its (asset, check, partition) unless that already has one checked later.
   */
  void recordCheckResults(Collection<CheckResult> results);

  /**
   * For each (asset, check, partition) of the given assets (all assets when empty), its most recent
   * result: the latest {@link CheckResult#checkedAt}, ties broken by insertion order (the one
   * recorded last wins). In no particular order. Reads one stored row per (asset, check,
   * partition), however long the history.
   */
  List<CheckResult> latestCheckResults(Collection<AssetName> assets);

  /**
   * {@link #latestCheckResults} of every asset, counted by asset, check, severity and status; in no
   * particular order. A store counts them in the database: at thousands of assets the latest
   * results are hundreds of thousands of rows, and their counts a few per asset.
   */
  default List<CheckTally> latestCheckTallies() {
    return latestCheckTallies(List.of());
  }

  /**
   * {@link #latestCheckTallies()} of the given assets only (every asset when empty): a status of a
   * few assets counts their results alone.
   */
  default List<CheckTally> latestCheckTallies(Collection<AssetName> assets) {
    record Key(AssetName asset, String check, String severity, CheckStatus status) {}
    Map<Key, Long> counts = new HashMap<>();
    for (CheckResult result : latestCheckResults(assets)) {
      counts.merge(
          new Key(result.asset(), result.check(), result.severity(), result.status()),
          1L,
          Long::sum);
    }
    List<CheckTally> tallies = new java.util.ArrayList<>();
    counts.forEach(
        (key, count) ->
            tallies.add(
                new CheckTally(key.asset(), key.check(), key.severity(), key.status(), count)));
    return tallies;
  }

  /**
   * A page of {@link #latestCheckResults} of every asset in {@link
   * io.tidemark.core.quality.check.CheckResultService#FAILURES_FIRST} order, of the given statuses
   * (every status when empty), skipping {@code offset} of them; with the count of every status
   * among all the latest results. A store pages and counts them in the database: at thousands of
   * assets the latest results are hundreds of thousands of rows, of which a page shows a hundred.
   */
  default CheckPage latestCheckPage(Set<CheckStatus> statuses, int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit cannot be negative");
    }
    List<CheckResult> all = latestCheckResults(List.of());
    Map<CheckStatus, Long> counts = new java.util.EnumMap<>(CheckStatus.class);
    all.forEach(result -> counts.merge(result.status(), 1L, Long::sum));
    List<CheckResult> kept =
        all.stream()
            .filter(result -> statuses.isEmpty() || statuses.contains(result.status()))
            .sorted(io.tidemark.core.quality.check.CheckResultService.FAILURES_FIRST)
            .skip(offset)
            .limit(limit)
            .toList();
    return new CheckPage(counts, kept);
  }

  /**
   * What the attempts of the runs started in {@code [from, until)} used, summed per asset or per
   * day and per kind of run (see {@link AttemptUsage}), leaving out skipped attempts and those of
   * the {@code excluded} assets; in no particular order. A store sums them in the database: a month
   * of nightly runs of thousands of assets is hundreds of thousands of attempts.
   */
  List<AttemptUsage> attemptUsage(
      Instant from, Instant until, AttemptUsage.By by, Collection<AssetName> excluded);

  /**
   * The {@code limit} partitions whose attempts, of the runs started in {@code [from, until)}, used
   * the most when priced {@code perComputeMilli × compute + perByteScanned × scanned +
   * perByteWritten × written} (ties by asset, then partition key, byte order), each one {@link
   * AttemptUsage} keyed by the partition, most first; skipped attempts and those of the {@code
   * excluded} assets are left out.
   */
  List<AttemptUsage> costliestPartitions(
      Instant from,
      Instant until,
      Collection<AssetName> excluded,
      double perComputeMilli,
      double perByteScanned,
      double perByteWritten,
      int limit);

  /**
   * Per asset, the bytes its stored partitions' last writes wrote, summed over every partition
   * state; assets without states are left out.
   */
  Map<AssetName, Long> storedBytes();

  /**
   * A number that changes whenever partition states are written, by any process using this store:
   * what was derived from states read after it was read holds as long as it stays the same.
   */
  long partitionStatesGeneration();

  /**
   * Results recorded by a run, in insertion order; pass 0 for those of on-demand checks. Empty for
   * a run that recorded none.
   */
  List<CheckResult> checkResults(long runId);

  /**
   * Keeps a run asked for through a server's API, {@link QueuedRun.Status#QUEUED}, owned by {@code
   * run.owner()}; its id is assigned here.
   *
   * @return the run as kept, with its id
   */
  QueuedRun enqueue(QueuedRun run);

  /**
   * Records where a queued run stands: its status and its latest run (0 for none yet).
   *
   * @throws io.tidemark.core.TidemarkException {@code NOT_FOUND} for an unknown queued run
   */
  void updateQueuedRun(long id, QueuedRun.Status status, long runId, Instant at);

  /**
   * Takes over the unfinished queued runs (queued or running) whose owner is gone: they become
   * {@code owner}'s, queued, in one transaction, so that two servers starting together never both
   * take one. The predicate runs inside the transaction: it must not call the store.
   *
   * @return the runs taken over, oldest first
   */
  List<QueuedRun> adoptQueuedRuns(Predicate<RunOwner> isGone, RunOwner owner, Instant now);

  /** Queued runs kept, newest first, at most {@code limit}. */
  List<QueuedRun> recentQueuedRuns(int limit);

  @Override
  void close();
}
