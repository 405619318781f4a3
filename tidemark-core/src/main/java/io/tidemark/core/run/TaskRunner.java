package io.tidemark.core.run;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.load.LoadRunner;
import io.tidemark.core.load.Loads;
import io.tidemark.core.load.Watermark;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.Planner;
import io.tidemark.core.plan.Task;
import io.tidemark.core.project.Project;
import io.tidemark.core.quality.Check;
import io.tidemark.core.quality.CheckEvaluator;
import io.tidemark.core.quality.RowHistory;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.core.template.RenderedSql;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

/**
 * Runs single attempts on worker threads: render, write to the warehouse, then record the outcome.
 * The warehouse write commits before the state store records success; a crash between the two
 * re-runs the task, and the overwrite is idempotent.
 */
final class TaskRunner implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TaskRunner.class);

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Project project;
  private final Lineage lineage;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;
  private final ToLongFunction<AssetName> runIds;
  private final Map<AssetName, Map<String, PartitionState>> initialStates;

  /** Row counts as stored when the run began, of the planned assets that volume checks judge. */
  private final Map<AssetName, RowHistory> storedRows;

  private final Map<Task, String> writtenVersions = new ConcurrentHashMap<>();

  /** Row counts written in this run, per asset: a task reads its own asset's alone. */
  private final Map<AssetName, Map<PartitionKey, Long>> writtenRows = new ConcurrentHashMap<>();

  private final CheckEvaluator checkEvaluator;
  private final AtomicBoolean cancelled;
  private final Set<WarehouseSession> sessions = ConcurrentHashMap.newKeySet();
  private final ThreadLocal<WarehouseSession> session = new ThreadLocal<>();
  private final Loads loads;
  private final LoadRunner loadRunner;

  /** The stored high-water marks of the planned loads, as the run began. */
  private final Map<AssetName, Watermark> watermarks;

  TaskRunner(
      Project project,
      Lineage lineage,
      Warehouse warehouse,
      StateStore store,
      Clock clock,
      ToLongFunction<AssetName> runIds,
      Map<AssetName, Map<String, PartitionState>> initialStates,
      Map<AssetName, RowHistory> storedRows,
      AtomicBoolean cancelled,
      CheckEvaluator checkEvaluator,
      Loads loads,
      Map<AssetName, Watermark> watermarks) {
    this.project = project;
    this.lineage = lineage;
    this.warehouse = warehouse;
    this.store = store;
    this.clock = clock;
    this.runIds = runIds;
    this.initialStates = initialStates;
    this.storedRows = storedRows;
    this.cancelled = cancelled;
    this.checkEvaluator = checkEvaluator;
    this.loads = loads;
    this.loadRunner = new LoadRunner(project, loads.loaders());
    this.watermarks = new ConcurrentHashMap<>(watermarks);
  }

  /** One attempt at one task of a batch. */
  record Attempt(Task task, int number, boolean mayRetry, long queuedMillis) {}

  /**
   * Builds adjacent partitions of one model with one statement and one transaction, then records
   * each partition as its own task would: its rows and bytes from the write, its versions, its
   * checks. A failure fails every task of the batch and leaves every partition as it was. A
   * warehouse that does not write batches gets the tasks one by one.
   */
  List<TaskResult> attemptBatch(List<Attempt> batch) {
    if (batch.size() == 1 || !session().writesBatches()) {
      List<TaskResult> results = new ArrayList<>(batch.size());
      for (Attempt each : batch) {
        if (cancelled.get()) {
          results.add(
              new TaskResult(
                  each.task(),
                  TaskStatus.INTERRUPTED,
                  each.number(),
                  "run interrupted",
                  TaskStatistics.NONE,
                  false));
        } else {
          results.add(attempt(each.task(), each.number(), each.mayRetry(), each.queuedMillis()));
        }
      }
      return results;
    }
    Task first = batch.get(0).task();
    Asset asset = project.asset(first.asset());
    List<Long> attemptIds = new ArrayList<>(batch.size());
    List<AttemptLog> logs = new ArrayList<>(batch.size());
    for (Attempt each : batch) {
      String key = each.task().partition().toString();
      attemptIds.add(
          store.startAttempt(
              runIds.applyAsLong(asset.name()), asset.name(), key, each.number(), clock.instant()));
      AttemptLog log = new AttemptLog(clock);
      log.line(
          "attempt "
              + each.number()
              + " of "
              + asset.name()
              + " "
              + key
              + ", in a batch of "
              + batch.size()
              + " partitions from "
              + first.partition());
      logs.add(log);
    }
    long wallStart = System.nanoTime();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long allocatedStart = allocatedBytes();
    List<WriteResult> written;
    try {
      WarehouseSession session = session();
      boolean targetExists =
          !asset.sql().contains("is_incremental") || session.exists(asset.name());
      PartitionKey last = batch.get(batch.size() - 1).task().partition();
      WriteRequest request;
      if (project.batchesPartitionWise(asset.name())) {
        // Each partition's own select, as it would run alone; the warehouse writes their union.
        List<String> selects = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          RenderedSql sql =
              project.renderer().render(asset, batch.get(i).task().partition(), targetExists);
          selects.add(sql.sql());
          logs.get(i)
              .block(
                  "statement ("
                      + asset.materialization().label()
                      + ", this partition's, written with the batch's others)",
                  sql.sql());
        }
        request =
            WriteRequest.partitionWise(
                asset.name(),
                asset.partitioning(),
                first.partition(),
                selects,
                runIds.applyAsLong(asset.name()));
      } else {
        RenderedSql sql = project.renderer().render(asset, first.partition(), last, targetExists);
        for (AttemptLog log : logs) {
          log.block("statement (" + asset.materialization().label() + ", the batch's)", sql.sql());
        }
        request =
            new WriteRequest(
                asset.name(),
                asset.materialization(),
                asset.partitioning(),
                first.partition(),
                sql.sql(),
                runIds.applyAsLong(asset.name()),
                batch.size());
      }
      if (!request.last().equals(last)) {
        throw new TidemarkException(
            ErrorCode.INTERNAL, "a batch of " + asset.name() + " is not adjacent partitions");
      }
      written = session.writeBatch(request);
    } catch (RuntimeException e) {
      TaskStatistics total =
          statistics(new WriteResult(0, 0), 0, wallStart, cpuStart, allocatedStart);
      List<TaskResult> results = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        Attempt each = batch.get(i);
        results.add(
            failed(
                asset,
                each.task(),
                each.number(),
                each.mayRetry(),
                attemptIds.get(i),
                share(total, new WriteResult(0, 0), each, batch.size()),
                e,
                logs.get(i)));
      }
      return results;
    }
    // The batch's time, CPU and memory are shared evenly among its partitions.
    TaskStatistics total =
        statistics(new WriteResult(0, 0), 0, wallStart, cpuStart, allocatedStart);
    List<TaskResult> results = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Attempt each = batch.get(i);
      WriteResult one = written.get(i);
      TaskStatistics statistics = share(total, one, each, batch.size());
      logs.get(i).line(wrote(statistics));
      try {
        String inputVersion = lineage.inputVersion(each.task(), this::versionOf);
        String dataVersion = Lineage.dataVersion(project.codeVersion(asset.name()), inputVersion);
        results.add(
            recordWritten(
                asset,
                each.task(),
                each.number(),
                attemptIds.get(i),
                statistics,
                one.contentHash(),
                inputVersion,
                dataVersion,
                null,
                logs.get(i)));
      } catch (RuntimeException e) {
        results.add(
            failed(
                asset,
                each.task(),
                each.number(),
                each.mayRetry(),
                attemptIds.get(i),
                share(total, new WriteResult(0, 0), each, batch.size()),
                e,
                logs.get(i)));
      }
    }
    return results;
  }

  private static TaskStatistics share(
      TaskStatistics total, WriteResult written, Attempt attempt, int parts) {
    return new TaskStatistics(
        written.rows(),
        written.bytesWritten(),
        total.wallMillis() / parts,
        total.cpuMillis() / parts,
        total.memoryBytes() / parts,
        attempt.queuedMillis(),
        written.engine());
  }

  /**
   * @param queuedMillis how long the task waited, ready, for a worker or for its asset's previous
   *     partition
   */
  TaskResult attempt(Task task, int attempt, boolean mayRetry, long queuedMillis) {
    Asset asset = project.asset(task.asset());
    String key = task.partition().toString();
    long attemptId =
        store.startAttempt(
            runIds.applyAsLong(asset.name()), asset.name(), key, attempt, clock.instant());
    AttemptLog log = new AttemptLog(clock);
    log.line("attempt " + attempt + " of " + asset.name() + " " + key);
    long wallStart = System.nanoTime();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long allocatedStart = allocatedBytes();
    try {
      WarehouseSession session = session();
      TaskStatistics statistics;
      String contentHash;
      String codeVersion = project.codeVersion(asset.name());
      String inputVersion;
      String dataVersion;
      LoadRunner.Outcome loaded = null;
      if (project.isLoaded(asset.name())) {
        loaded =
            loadRunner.load(
                session,
                asset.name(),
                task.partition(),
                Optional.ofNullable(watermarks.get(asset.name())),
                runIds.applyAsLong(asset.name()));
        statistics =
            statistics(loaded.written(), queuedMillis, wallStart, cpuStart, allocatedStart);
        contentHash = loaded.written().contentHash();
        log.line("loaded " + statistics.rows() + " rows");
        loaded.notes().forEach(note -> log.line("note: " + note));
        // A loaded partition reads nothing of the project: its version is its fingerprint, as
        // a source scan records it, so readers go stale only when its rows changed.
        inputVersion = "";
        dataVersion = loaded.dataVersion();
      } else {
        boolean targetExists =
            !asset.sql().contains("is_incremental") || session.exists(asset.name());
        RenderedSql sql = project.renderer().render(asset, task.partition(), targetExists);
        log.block("statement (" + asset.materialization().label() + ")", sql.sql());
        WriteResult written =
            session.write(
                new WriteRequest(
                    asset.name(),
                    asset.materialization(),
                    asset.partitioning(),
                    task.partition(),
                    sql.sql(),
                    runIds.applyAsLong(asset.name())));
        statistics = statistics(written, queuedMillis, wallStart, cpuStart, allocatedStart);
        contentHash = written.contentHash();
        log.line(wrote(statistics));
        inputVersion = lineage.inputVersion(task, this::versionOf);
        dataVersion = Lineage.dataVersion(codeVersion, inputVersion);
      }
      return recordWritten(
          asset,
          task,
          attempt,
          attemptId,
          statistics,
          contentHash,
          inputVersion,
          dataVersion,
          loaded,
          log);
    } catch (RuntimeException e) {
      TaskStatistics statistics =
          statistics(new WriteResult(0, 0), queuedMillis, wallStart, cpuStart, allocatedStart);
      return failed(asset, task, attempt, mayRetry, attemptId, statistics, e, log);
    }
  }

  /**
   * After a partition is written: checks it, and records the attempt and the partition's state.
   *
   * @param contentHash the written rows' content hash as the warehouse computed it, or empty
   * @param loaded the load that wrote it, or null for a model
   */
  private TaskResult recordWritten(
      Asset asset,
      Task task,
      int attempt,
      long attemptId,
      TaskStatistics statistics,
      String contentHash,
      String inputVersion,
      String dataVersion,
      LoadRunner.Outcome loaded,
      AttemptLog log) {
    String key = task.partition().toString();
    String codeVersion = project.codeVersion(asset.name());
    writtenRows
        .computeIfAbsent(task.asset(), name -> new ConcurrentHashMap<>())
        .put(task.partition(), statistics.rows());
    List<CheckResult> checked = check(session(), asset, task);
    checked.forEach(
        r ->
            log.line(
                "check "
                    + r.check()
                    + ": "
                    + r.status().name().toLowerCase(java.util.Locale.ROOT)
                    + (r.message().isEmpty() ? "" : " (" + r.message() + ")")));
    Optional<CheckResult> blocking =
        checked.stream().filter(r -> r.status() == CheckStatus.FAIL).findFirst();
    List<String> warnings = new ArrayList<>();
    if (loaded != null) {
      warnings.addAll(loaded.notes());
    }
    checked.stream()
        .filter(r -> r.status() == CheckStatus.WARN || r.status() == CheckStatus.ERROR)
        .map(r -> r.check() + ": " + r.message())
        .forEach(warnings::add);
    PartitionStatus status =
        blocking.isPresent() ? PartitionStatus.FAILED : PartitionStatus.MATERIALIZED;
    PartitionState state =
        new PartitionState(
            asset.name(),
            key,
            status,
            dataVersion,
            codeVersion,
            inputVersion,
            statistics,
            contentHash,
            runIds.applyAsLong(asset.name()),
            clock.instant());
    if (blocking.isPresent()) {
      // The partition is written, but its readers must not build on it: the task fails for
      // good (a retry would write the same data) and the next run rebuilds it.
      String message = blockedMessage(blocking.get());
      store.finishAttempt(
          attemptId,
          TaskStatus.FAILED,
          clock.instant(),
          message,
          statistics,
          dataVersion,
          Optional.of(state));
      log.line(message);
      keep(asset.name(), attemptId, log);
      return new TaskResult(task, TaskStatus.FAILED, attempt, message, statistics, false);
    }
    store.finishAttempt(
        attemptId,
        TaskStatus.SUCCEEDED,
        clock.instant(),
        "",
        statistics,
        dataVersion,
        Optional.of(state));
    keep(asset.name(), attemptId, log);
    writtenVersions.put(task, dataVersion);
    if (loaded != null && loaded.watermark().isPresent()) {
      // Partitions load in any order; the mark only ever moves forward.
      Watermark mark = watermarks.merge(asset.name(), loaded.watermark().get(), Watermark::max);
      loads
          .watermarks()
          .putWatermark(asset.name(), mark, runIds.applyAsLong(asset.name()), clock.instant());
    }
    return new TaskResult(task, TaskStatus.SUCCEEDED, attempt, "", statistics, false, warnings);
  }

  private TaskResult failed(
      Asset asset,
      Task task,
      int attempt,
      boolean mayRetry,
      long attemptId,
      TaskStatistics statistics,
      RuntimeException e,
      AttemptLog log) {
    boolean interrupted = cancelled.get();
    boolean willRetry = !interrupted && mayRetry && isRetryable(e);
    TaskStatus status = interrupted ? TaskStatus.INTERRUPTED : TaskStatus.FAILED;
    String message = interrupted ? "run interrupted" : messageOf(e);
    Optional<PartitionState> failedState =
        interrupted || willRetry ? Optional.empty() : Optional.of(failedState(asset, task));
    store.finishAttempt(attemptId, status, clock.instant(), message, statistics, "", failedState);
    if (interrupted) {
      log.line("run interrupted");
    }
    log.failure(e);
    if (willRetry) {
      log.line("will retry");
    }
    keep(asset.name(), attemptId, log);
    return new TaskResult(task, status, attempt, message, statistics, willRetry);
  }

  private static String wrote(TaskStatistics statistics) {
    return "wrote "
        + statistics.rows()
        + " rows, "
        + statistics.bytesWritten()
        + " bytes in "
        + statistics.wallMillis()
        + " ms";
  }

  /**
   * Stores the attempt's log. The attempt itself is already recorded: a log the store could not
   * keep is lost, and the task's outcome stands.
   */
  private void keep(AssetName asset, long attemptId, AttemptLog log) {
    try {
      store.recordAttemptLog(runIds.applyAsLong(asset), attemptId, log.text());
    } catch (RuntimeException e) {
      LOG.warn("the log of attempt {} was not stored: {}", attemptId, e.getMessage());
    }
  }

  /**
   * Evaluates the asset's checks on the partition just written and records the results; returns the
   * first failing error-level one, which blocks the readers.
   */
  private List<CheckResult> check(WarehouseSession session, Asset asset, Task task) {
    List<Check> checks = project.checks(asset.name());
    if (checks.isEmpty()) {
      return List.of();
    }
    List<CheckResult> results =
        checks()
            .evaluate(
                session,
                asset,
                checks,
                task.partition(),
                runIds.applyAsLong(asset.name()),
                rowHistory(asset),
                clock.instant());
    store.recordCheckResults(results);
    return results;
  }

  /** Row counts of the asset's partitions: as stored when the run began, then as written. */
  private RowHistory rowHistory(Asset asset) {
    RowHistory stored = storedRows.get(asset.name());
    RowHistory history = stored != null ? stored.copy() : RowHistory.empty(asset);
    writtenRows.getOrDefault(asset.name(), Map.of()).forEach(history::put);
    return history;
  }

  /** How the readers of a partition that failed an error check are told why they are skipped. */
  static final String BLOCKED = "blocked by ";

  private static final String CHECK_FAILED = "check ";

  static String blockedMessage(CheckResult result) {
    return CHECK_FAILED
        + result.asset()
        + " "
        + result.check()
        + " failed on "
        + result.partition()
        + ": "
        + result.message();
  }

  /** Why the readers of a task that failed for good are skipped. */
  static String skipReason(TaskResult failed) {
    return failed.message().startsWith(CHECK_FAILED)
        ? BLOCKED + failed.message()
        : "upstream " + failed.task() + " failed";
  }

  private CheckEvaluator checks() {
    return checkEvaluator;
  }

  /** The version each input has now: written in this run, or as stored when the run began. */
  private String versionOf(AssetName asset, PartitionKey key) {
    String written = writtenVersions.get(new Task(asset, key));
    return written != null ? written : Planner.versionOf(initialStates, project, asset, key);
  }

  /** A failed write leaves the old data in place; its versions stay what they were. */
  private PartitionState failedState(Asset asset, Task task) {
    PartitionState previous =
        initialStates.getOrDefault(asset.name(), Map.of()).get(task.partition().toString());
    return new PartitionState(
        asset.name(),
        task.partition().toString(),
        PartitionStatus.FAILED,
        previous != null ? previous.dataVersion() : Lineage.MISSING,
        previous != null ? previous.codeVersion() : "",
        previous != null ? previous.inputVersion() : "",
        previous != null ? previous.statistics() : TaskStatistics.NONE,
        previous != null ? previous.contentHash() : "",
        runIds.applyAsLong(asset.name()),
        clock.instant());
  }

  private static boolean isRetryable(RuntimeException e) {
    return !(e instanceof TidemarkException tidemark)
        || (tidemark.code() != ErrorCode.INVALID_PROJECT
            && tidemark.code() != ErrorCode.INVALID_ARGUMENT
            && tidemark.code() != ErrorCode.QUERY);
  }

  private static String messageOf(RuntimeException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static TaskStatistics statistics(
      WriteResult written, long queuedMillis, long wallStart, long cpuStart, long allocatedStart) {
    long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
    long cpuMillis = Math.max(0, (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
    long allocated = Math.max(0, allocatedBytes() - allocatedStart);
    return new TaskStatistics(
        written.rows(),
        written.bytesWritten(),
        wallMillis,
        cpuMillis,
        allocated,
        queuedMillis,
        written.engine());
  }

  private static long allocatedBytes() {
    if (THREADS instanceof com.sun.management.ThreadMXBean extended) {
      return extended.getCurrentThreadAllocatedBytes();
    }
    return 0;
  }

  private WarehouseSession session() {
    WarehouseSession current = session.get();
    if (current == null) {
      current = warehouse.openSession();
      session.set(current);
      sessions.add(current);
    }
    return current;
  }

  void cancelInFlight() {
    for (WarehouseSession open : sessions) {
      try {
        open.cancel();
      } catch (RuntimeException ignored) {
        // The statement may have finished in the meantime; nothing to abort then.
      }
    }
  }

  @Override
  public void close() {
    for (WarehouseSession open : sessions) {
      try {
        open.close();
      } catch (RuntimeException ignored) {
        // Closing is best effort at the end of a run; the database stays consistent regardless.
      }
    }
    sessions.clear();
  }
}
