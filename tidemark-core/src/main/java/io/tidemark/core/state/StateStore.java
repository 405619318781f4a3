package io.tidemark.core.state;

import io.tidemark.core.asset.AssetName;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Durable record of runs, task attempts and partition states. SQLite by default, PostgreSQL in
 * production; both behave the same (one contract test suite runs against each).
 *
 * <p>Implementations are safe for use from several threads. Every method is its own transaction;
 * {@link #finishAttempt} updates the attempt and the partition state together, so a partition is
 * never recorded as written by an attempt the store does not know finished.
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

  /** Stored partition states of the given assets (all assets when empty). */
  List<PartitionState> partitions(Collection<AssetName> assets);

  /** {@link #partitions} indexed by asset, then by partition key. */
  default Map<AssetName, Map<String, PartitionState>> partitionsByAsset(
      Collection<AssetName> assets) {
    Map<AssetName, Map<String, PartitionState>> states = new HashMap<>();
    for (PartitionState state : partitions(assets)) {
      states.computeIfAbsent(state.asset(), k -> new HashMap<>()).put(state.partition(), state);
    }
    return states;
  }

  Optional<PartitionState> partition(AssetName asset, String partition);

  /** Writes partition states directly (source scans, incidents), in one transaction. */
  void putPartitions(Collection<PartitionState> states);

  @Override
  void close();
}
