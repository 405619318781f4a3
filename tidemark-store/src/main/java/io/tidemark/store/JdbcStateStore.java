package io.tidemark.store;

import static io.tidemark.store.Rows.ATTEMPT_COLUMNS;
import static io.tidemark.store.Rows.RUN_COLUMNS;
import static io.tidemark.store.Rows.bindNullableInstant;
import static io.tidemark.store.Rows.bindResources;
import static io.tidemark.store.Rows.bindStatistics;
import static io.tidemark.store.Rows.generatedId;
import static io.tidemark.store.Rows.millis;
import static io.tidemark.store.Rows.stored;
import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.load.LoadWatermarks;
import io.tidemark.core.load.Watermark;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.schedule.ScheduleStore;
import io.tidemark.core.state.AttemptMeans;
import io.tidemark.core.state.AttemptUsage;
import io.tidemark.core.state.CheckPage;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.CheckTally;
import io.tidemark.core.state.Incident;
import io.tidemark.core.state.NewIncident;
import io.tidemark.core.state.NewRepair;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionTally;
import io.tidemark.core.state.QueuedRun;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RepairTask;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The state store over JDBC, on SQLite or PostgreSQL; open one with {@link StateStores#open}.
 * Instants are kept as epoch milliseconds, so values read back are truncated to milliseconds.
 */
public final class JdbcStateStore implements StateStore, LoadWatermarks {
  /** Skipped tasks were never tried: their attempt number is 0. */
  static final int SKIPPED_ATTEMPT = 0;

  static final String INTERRUPTED_MESSAGE = "run interrupted";

  private static final String INSERT_RUN =
      "INSERT INTO runs (trigger, status, selection, range_start, range_end, task_count,"
          + " started_at, owner_host, owner_pid, owner_process_start)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
  private static final String FINISH_RUN = "UPDATE runs SET status = ?, ended_at = ? WHERE id = ?";
  private static final String INTERRUPT_RUN =
      "UPDATE runs SET status = ?, ended_at = ? WHERE id = ? AND status = ?";
  private static final String FIND_RUN = "SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?";
  private static final String RECENT_RUNS =
      "SELECT " + RUN_COLUMNS + " FROM runs ORDER BY started_at DESC, id DESC LIMIT ?";
  private static final String RUNS_IN_STATUS =
      "SELECT " + RUN_COLUMNS + " FROM runs WHERE status = ? ORDER BY id";

  private static final String INSERT_ATTEMPT =
      "INSERT INTO task_attempts (run_id, asset, partition_key, attempt, status, started_at,"
          + " ended_at, message, rows, bytes_written, wall_ms, cpu_ms, memory_bytes, data_version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
  private static final String FINISH_ATTEMPT =
      "UPDATE task_attempts SET status = ?, ended_at = ?, message = ?, rows = ?,"
          + " bytes_written = ?, wall_ms = ?, cpu_ms = ?, memory_bytes = ?, data_version = ?,"
          + " queued_ms = ?, rows_read = ?, bytes_scanned = ?, engine_cpu_ms = ?,"
          + " peak_memory_bytes = ? WHERE id = ?";
  private static final String INTERRUPT_ATTEMPTS =
      "UPDATE task_attempts SET status = ?, ended_at = ?, message = ?"
          + " WHERE run_id = ? AND status = ?";
  private static final String ATTEMPTS_OF_RUN =
      "SELECT " + ATTEMPT_COLUMNS + " FROM task_attempts WHERE run_id = ? ORDER BY started_at, id";

  private final StoreConnection connection;
  private final java.util.concurrent.atomic.AtomicReference<CheckCounts> checkCounts =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final RepairRecords repairs;
  private final PartitionRecords partitionRecords;
  private final QueueRecords queue;
  private final WatermarkRecords watermarks;
  private final AttemptLogs attemptLogs;
  private final ScheduleRecords schedules;

  JdbcStateStore(StoreConnection connection) {
    this.connection = requireNonNull(connection, "connection is null");
    this.repairs = new RepairRecords(connection);
    this.partitionRecords = new PartitionRecords(connection);
    this.queue = new QueueRecords(connection);
    this.watermarks = new WatermarkRecords(connection);
    this.attemptLogs = new AttemptLogs(connection);
    this.schedules = new ScheduleRecords(connection);
  }

  /** The scheduler's fires and lease, in the same database. */
  public ScheduleStore schedules() {
    return schedules;
  }

  @Override
  public Map<AssetName, Watermark> watermarks(Collection<AssetName> sources) {
    return watermarks.read(sources);
  }

  @Override
  public void putWatermark(AssetName source, Watermark value, long runId, Instant at) {
    watermarks.put(source, value, runId, at);
  }

  @Override
  public Run createRun(NewRun run) {
    requireNonNull(run, "run is null");
    long id = connection.write("create run", statements -> insertRun(statements, run));
    return created(id, run);
  }

  static long insertRun(StoreConnection.Statements statements, NewRun run) throws SQLException {
    PreparedStatement insert = statements.prepare(INSERT_RUN);
    insert.setString(1, run.trigger().name());
    insert.setString(2, RunStatus.RUNNING.name());
    insert.setString(3, run.selection());
    insert.setString(4, run.rangeStart());
    insert.setString(5, run.rangeEnd());
    insert.setInt(6, run.taskCount());
    insert.setLong(7, millis(run.startedAt()));
    insert.setString(8, run.owner().host());
    insert.setLong(9, run.owner().pid());
    insert.setLong(10, millis(run.owner().processStart()));
    return generatedId(insert);
  }

  /** The run as the store now holds it. */
  static Run created(long id, NewRun run) {
    RunOwner owner = run.owner();
    return new Run(
        id,
        run.trigger(),
        RunStatus.RUNNING,
        run.selection(),
        run.rangeStart(),
        run.rangeEnd(),
        run.taskCount(),
        stored(run.startedAt()),
        null,
        new RunOwner(owner.host(), owner.pid(), stored(owner.processStart())));
  }

  @Override
  public void finishRun(long runId, RunStatus status, Instant endedAt) {
    requireNonNull(status, "status is null");
    requireNonNull(endedAt, "endedAt is null");
    if (!status.isFinished()) {
      throw new IllegalArgumentException("a run cannot finish in status " + status);
    }
    connection.write(
        "finish run " + runId,
        statements -> {
          PreparedStatement update = statements.prepare(FINISH_RUN);
          update.setString(1, status.name());
          update.setLong(2, millis(endedAt));
          update.setLong(3, runId);
          requireOneRow(update.executeUpdate(), "run " + runId);
          return null;
        });
  }

  @Override
  public Optional<Run> findRun(long runId) {
    return connection.read(
        "read run " + runId,
        statements -> {
          PreparedStatement query = statements.prepare(FIND_RUN);
          query.setLong(1, runId);
          return runs(query).stream().findFirst();
        });
  }

  @Override
  public List<Run> recentRuns(int limit) {
    requireLimit(limit);
    return connection.read(
        "read recent runs",
        statements -> {
          PreparedStatement query = statements.prepare(RECENT_RUNS);
          query.setInt(1, limit);
          return runs(query);
        });
  }

  @Override
  public List<Run> runningRuns() {
    return connection.read("read running runs", this::runningRuns);
  }

  private List<Run> runningRuns(StoreConnection.Statements statements) throws SQLException {
    PreparedStatement query = statements.prepare(RUNS_IN_STATUS);
    query.setString(1, RunStatus.RUNNING.name());
    return runs(query);
  }

  // The predicate runs inside the transaction: it must not call the store.
  @Override
  public List<Run> markInterrupted(Predicate<RunOwner> isGone, Instant now) {
    requireNonNull(isGone, "isGone is null");
    requireNonNull(now, "now is null");
    return connection.write(
        "mark interrupted runs",
        statements -> {
          List<Run> interrupted = new ArrayList<>();
          for (Run run : runningRuns(statements)) {
            if (isGone.test(run.owner()) && interrupt(statements, run.id(), now)) {
              interrupted.add(
                  new Run(
                      run.id(),
                      run.trigger(),
                      RunStatus.INTERRUPTED,
                      run.selection(),
                      run.rangeStart(),
                      run.rangeEnd(),
                      run.taskCount(),
                      run.startedAt(),
                      stored(now),
                      run.owner()));
            }
          }
          return List.copyOf(interrupted);
        });
  }

  /** False when another process finished or interrupted the run first. */
  private static boolean interrupt(StoreConnection.Statements statements, long runId, Instant now)
      throws SQLException {
    PreparedStatement run = statements.prepare(INTERRUPT_RUN);
    run.setString(1, RunStatus.INTERRUPTED.name());
    run.setLong(2, millis(now));
    run.setLong(3, runId);
    run.setString(4, RunStatus.RUNNING.name());
    if (run.executeUpdate() == 0) {
      return false;
    }
    PreparedStatement attempts = statements.prepare(INTERRUPT_ATTEMPTS);
    attempts.setString(1, TaskStatus.INTERRUPTED.name());
    attempts.setLong(2, millis(now));
    attempts.setString(3, INTERRUPTED_MESSAGE);
    attempts.setLong(4, runId);
    attempts.setString(5, TaskStatus.RUNNING.name());
    attempts.executeUpdate();
    return true;
  }

  @Override
  public long startAttempt(
      long runId, AssetName asset, String partition, int attempt, Instant startedAt) {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(startedAt, "startedAt is null");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt numbers start at 1: " + attempt);
    }
    return connection.write(
        "start attempt of " + asset + " " + partition,
        statements ->
            insertAttempt(
                statements,
                runId,
                asset,
                partition,
                attempt,
                TaskStatus.RUNNING,
                startedAt,
                null,
                ""));
  }

  @Override
  public void finishAttempt(
      long attemptId,
      TaskStatus status,
      Instant endedAt,
      String message,
      TaskStatistics statistics,
      String dataVersion,
      Optional<PartitionState> partitionState) {
    requireNonNull(status, "status is null");
    requireNonNull(endedAt, "endedAt is null");
    requireNonNull(message, "message is null");
    requireNonNull(statistics, "statistics is null");
    requireNonNull(dataVersion, "dataVersion is null");
    requireNonNull(partitionState, "partitionState is null");
    if (status == TaskStatus.RUNNING) {
      throw new IllegalArgumentException("an attempt cannot finish in status " + status);
    }
    connection.write(
        "finish attempt " + attemptId,
        statements -> {
          PreparedStatement update = statements.prepare(FINISH_ATTEMPT);
          update.setString(1, status.name());
          update.setLong(2, millis(endedAt));
          update.setString(3, message);
          bindStatistics(update, 4, statistics);
          update.setString(9, dataVersion);
          bindResources(update, 10, statistics);
          update.setLong(15, attemptId);
          // Checked before the partition state is written, so an unknown attempt writes nothing.
          requireOneRow(update.executeUpdate(), "attempt " + attemptId);
          if (partitionState.isPresent()) {
            PartitionStateTable.upsert(statements, connection.dialect(), partitionState.get());
          }
          return null;
        });
  }

  @Override
  public void recordSkipped(
      long runId, AssetName asset, String partition, String reason, Instant at) {
    requireNonNull(asset, "asset is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(at, "at is null");
    connection.write(
        "record skipped " + asset + " " + partition,
        statements ->
            insertAttempt(
                statements,
                runId,
                asset,
                partition,
                SKIPPED_ATTEMPT,
                TaskStatus.SKIPPED,
                at,
                at,
                reason));
  }

  private static long insertAttempt(
      StoreConnection.Statements statements,
      long runId,
      AssetName asset,
      String partition,
      int attempt,
      TaskStatus status,
      Instant startedAt,
      Instant endedAt,
      String message)
      throws SQLException {
    PreparedStatement insert = statements.prepare(INSERT_ATTEMPT);
    insert.setLong(1, runId);
    insert.setString(2, asset.toString());
    insert.setString(3, partition);
    insert.setInt(4, attempt);
    insert.setString(5, status.name());
    insert.setLong(6, millis(startedAt));
    bindNullableInstant(insert, 7, endedAt);
    insert.setString(8, message);
    bindStatistics(insert, 9, TaskStatistics.NONE);
    insert.setString(14, "");
    return generatedId(insert);
  }

  @Override
  public List<TaskAttempt> attempts(long runId) {
    return connection.read(
        "read attempts of run " + runId,
        statements -> {
          PreparedStatement query = statements.prepare(ATTEMPTS_OF_RUN);
          query.setLong(1, runId);
          Rows.AssetNames names = new Rows.AssetNames();
          List<TaskAttempt> attempts = new ArrayList<>();
          try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              attempts.add(Rows.attempt(rows, names));
            }
          }
          return attempts;
        });
  }

  @Override
  public void recordAttemptLog(long runId, long attemptId, String log) {
    attemptLogs.record(runId, attemptId, log);
  }

  @Override
  public Map<Long, String> attemptLogs(long runId) {
    return attemptLogs.ofRun(runId);
  }

  @Override
  public List<PartitionState> partitions(Collection<AssetName> assets) {
    return partitionRecords.partitions(assets);
  }

  @Override
  public List<PartitionState> partitions(Collection<AssetName> assets, TimeRange range) {
    return partitionRecords.partitions(assets, range);
  }

  @Override
  public List<PartitionState> failedOrUnpartitioned() {
    return partitionRecords.failedOrUnpartitioned();
  }

  @Override
  public Map<AssetName, Double> meanWallMillis(Collection<AssetName> assets) {
    return partitionRecords.meanWallMillis(assets);
  }

  @Override
  public Map<AssetName, AttemptMeans> attemptMeans(Collection<AssetName> assets) {
    requireNonNull(assets, "assets is null");
    List<String> wanted = PartitionRecords.names(assets);
    return connection.read(
        "read attempt resources", statements -> AttemptMeansTable.of(statements, wanted));
  }

  @Override
  public List<AttemptUsage> attemptUsage(
      Instant from, Instant until, AttemptUsage.By by, Collection<AssetName> excluded) {
    requireNonNull(by, "by is null");
    List<String> without = PartitionRecords.names(excluded);
    long start = AttemptUsageTable.millis(from);
    long end = AttemptUsageTable.millis(until);
    return connection.read(
        "sum attempt resources",
        statements -> AttemptUsageTable.usage(statements, start, end, by, without));
  }

  @Override
  public List<AttemptUsage> costliestPartitions(
      Instant from,
      Instant until,
      Collection<AssetName> excluded,
      double perComputeMilli,
      double perByteScanned,
      double perByteWritten,
      int limit) {
    requireLimit(limit);
    List<String> without = PartitionRecords.names(excluded);
    long start = AttemptUsageTable.millis(from);
    long end = AttemptUsageTable.millis(until);
    return connection.read(
        "sum attempt resources by partition",
        statements ->
            AttemptUsageTable.costliestPartitions(
                statements,
                connection.dialect(),
                start,
                end,
                without,
                perComputeMilli,
                perByteScanned,
                perByteWritten,
                limit));
  }

  @Override
  public Map<AssetName, Long> storedBytes() {
    return connection.read("sum stored bytes", AttemptUsageTable::storedBytes);
  }

  @Override
  public List<PartitionTally> tally(Map<AssetName, PartitionTally.KeyRun> runs) {
    return partitionRecords.tally(runs);
  }

  @Override
  public Optional<PartitionState> partition(AssetName asset, String partition) {
    return partitionRecords.partition(asset, partition);
  }

  @Override
  public void rowCounts(Collection<AssetName> assets, RowCountConsumer consumer) {
    partitionRecords.rowCounts(assets, consumer);
  }

  @Override
  public void putPartitions(Collection<PartitionState> states) {
    partitionRecords.putPartitions(states);
  }

  @Override
  public Incident recordIncident(NewIncident incident, Collection<PartitionState> invalidated) {
    return repairs.recordIncident(incident, invalidated);
  }

  @Override
  public List<Incident> recentIncidents(int limit) {
    requireLimit(limit);
    return repairs.recentIncidents(limit);
  }

  @Override
  public Repair createRepair(NewRepair repair) {
    return repairs.createRepair(repair);
  }

  @Override
  public Optional<Repair> findRepair(long repairId) {
    return repairs.findRepair(repairId);
  }

  @Override
  public List<Repair> recentRepairs(int limit) {
    requireLimit(limit);
    return repairs.recentRepairs(limit);
  }

  @Override
  public List<RepairTask> repairTasks(long repairId) {
    return repairs.repairTasks(repairId);
  }

  @Override
  public Set<RepairTask> completedRepairTasks(long repairId) {
    return repairs.completedRepairTasks(repairId);
  }

  @Override
  public Run startRepairRun(long repairId, Collection<RepairTask> tasks, NewRun run) {
    return repairs.startRepairRun(repairId, tasks, run);
  }

  @Override
  public List<Run> repairRuns(long repairId) {
    return repairs.repairRuns(repairId);
  }

  @Override
  public void recordCheckResults(Collection<CheckResult> results) {
    requireNonNull(results, "results is null");
    List<CheckResult> toWrite = List.copyOf(results);
    if (toWrite.isEmpty()) {
      return;
    }
    connection.write(
        "record " + toWrite.size() + " check results",
        statements -> {
          CheckResultTables.record(statements, toWrite);
          return null;
        });
  }

  @Override
  public List<CheckResult> latestCheckResults(Collection<AssetName> assets) {
    requireNonNull(assets, "assets is null");
    List<String> wanted = PartitionRecords.names(assets);
    return connection.read(
        "read latest check results",
        statements -> CheckResultTables.latestOfAssets(statements, wanted));
  }

  @Override
  public CheckPage latestCheckPage(Set<CheckStatus> statuses, int offset, int limit) {
    requireNonNull(statuses, "statuses is null");
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit cannot be negative");
    }
    Set<CheckStatus> wanted = Set.copyOf(statuses);
    return connection.read(
        "read a page of latest check results",
        statements ->
            CheckResultTables.pageLatest(
                statements,
                connection.dialect(),
                latestCheckCounts(statements),
                wanted,
                offset,
                limit));
  }

  /**
   * The count of each status among the latest check results, counted again only when a write has
   * changed them since the last count: the generation is read before the counts, so the counts kept
   * are never older than the generation they are kept with.
   */
  private Map<CheckStatus, Long> latestCheckCounts(StoreConnection.Statements statements)
      throws java.sql.SQLException {
    long generation = Generations.read(statements, Generations.CHECK_LATEST);
    CheckCounts kept = checkCounts.get();
    if (kept != null && kept.generation() == generation) {
      return kept.counts();
    }
    Map<CheckStatus, Long> counts = Map.copyOf(CheckResultTables.countLatest(statements));
    checkCounts.set(new CheckCounts(generation, counts));
    return counts;
  }

  private record CheckCounts(long generation, Map<CheckStatus, Long> counts) {}

  @Override
  public long partitionStatesGeneration() {
    return connection.read(
        "read the partition states' generation",
        statements -> Generations.read(statements, Generations.PARTITION_STATES));
  }

  @Override
  public List<CheckTally> latestCheckTallies() {
    return connection.read("count latest check results", CheckResultTables::tallyLatest);
  }

  @Override
  public List<CheckTally> latestCheckTallies(Collection<AssetName> assets) {
    requireNonNull(assets, "assets is null");
    List<String> wanted = PartitionRecords.names(assets);
    if (wanted.isEmpty()) {
      return latestCheckTallies();
    }
    return connection.read(
        "count latest check results of " + wanted.size() + " assets",
        statements -> CheckResultTables.tallyLatestOfAssets(statements, wanted));
  }

  @Override
  public List<CheckResult> checkResults(long runId) {
    return connection.read(
        "read check results of run " + runId,
        statements -> CheckResultTables.ofRun(statements, runId));
  }

  @Override
  public QueuedRun enqueue(QueuedRun run) {
    return queue.enqueue(run);
  }

  @Override
  public void updateQueuedRun(long id, QueuedRun.Status status, long runId, Instant at) {
    queue.update(id, status, runId, at);
  }

  // The predicate runs inside the transaction: it must not call the store.
  @Override
  public List<QueuedRun> adoptQueuedRuns(Predicate<RunOwner> isGone, RunOwner owner, Instant now) {
    return queue.adopt(isGone, owner, now);
  }

  @Override
  public List<QueuedRun> recentQueuedRuns(int limit) {
    return queue.recent(limit);
  }

  @Override
  public void close() {
    connection.close();
  }

  static List<Run> runs(PreparedStatement query) throws SQLException {
    List<Run> runs = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        runs.add(Rows.run(rows));
      }
    }
    return runs;
  }

  private static void requireLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit is negative: " + limit);
    }
  }

  private static void requireOneRow(int updated, String what) {
    if (updated != 1) {
      throw new TidemarkException(ErrorCode.STATE_STORE, what + " does not exist");
    }
  }
}
