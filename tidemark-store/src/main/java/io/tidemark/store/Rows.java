package io.tidemark.store;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.Incident;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RepairStatus;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.core.warehouse.EngineUsage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Column lists and the mapping between rows and state values. */
final class Rows {
  static final String RUN_COLUMNS =
      "id, trigger, status, selection, range_start, range_end, task_count, started_at, ended_at,"
          + " owner_host, owner_pid, owner_process_start";

  static final String ATTEMPT_COLUMNS =
      "id, run_id, asset, partition_key, attempt, status, started_at, ended_at, message, rows,"
          + " bytes_written, wall_ms, cpu_ms, memory_bytes, data_version, queued_ms, rows_read,"
          + " bytes_scanned, engine_cpu_ms, peak_memory_bytes";

  static final String INCIDENT_COLUMNS =
      "id, asset, range_start, range_end, partitions, reason, reported_by, reported_at";

  /** Of {@code repairs}; a query reading them names the table {@code r}. */
  static final String REPAIR_COLUMNS =
      "r.id, r.target, r.range_start, r.range_end, r.exclude_selection, r.stop_at, r.created_by,"
          + " r.created_at, r.task_count";

  /** Joins the partition keys of an incident into one column; {@link #partitionKeys} splits it. */
  private static final String KEY_SEPARATOR = "\n";

  private Rows() {}

  static Run run(ResultSet row) throws SQLException {
    return new Run(
        row.getLong("id"),
        RunTrigger.valueOf(row.getString("trigger")),
        RunStatus.valueOf(row.getString("status")),
        row.getString("selection"),
        row.getString("range_start"),
        row.getString("range_end"),
        row.getInt("task_count"),
        instant(row.getLong("started_at")),
        nullableInstant(row, "ended_at"),
        new RunOwner(
            row.getString("owner_host"),
            row.getLong("owner_pid"),
            instant(row.getLong("owner_process_start"))));
  }

  static TaskAttempt attempt(ResultSet row, AssetNames names) throws SQLException {
    return new TaskAttempt(
        row.getLong("id"),
        row.getLong("run_id"),
        names.parse(row.getString("asset")),
        row.getString("partition_key"),
        row.getInt("attempt"),
        TaskStatus.valueOf(row.getString("status")),
        instant(row.getLong("started_at")),
        nullableInstant(row, "ended_at"),
        row.getString("message"),
        attemptStatistics(row),
        row.getString("data_version"));
  }

  static Incident incident(ResultSet row, AssetNames names) throws SQLException {
    return new Incident(
        row.getLong("id"),
        names.parse(row.getString("asset")),
        row.getString("range_start"),
        row.getString("range_end"),
        partitionKeys(row.getString("partitions")),
        row.getString("reason"),
        row.getString("reported_by"),
        instant(row.getLong("reported_at")));
  }

  /**
   * A repair read with {@link #REPAIR_COLUMNS} and its latest run's {@code latest_run_id} and
   * {@code latest_run_status}, both null when it has none.
   */
  static Repair repair(ResultSet row) throws SQLException {
    String latestRunStatus = row.getString("latest_run_status");
    return new Repair(
        row.getLong("id"),
        row.getString("target"),
        row.getString("range_start"),
        row.getString("range_end"),
        row.getString("exclude_selection"),
        row.getString("stop_at"),
        row.getString("created_by"),
        instant(row.getLong("created_at")),
        row.getInt("task_count"),
        latestRunStatus == null
            ? RepairStatus.PLANNED
            : RepairStatus.following(RunStatus.valueOf(latestRunStatus)),
        // getLong reads NULL as 0, which is what a repair without a run has.
        row.getLong("latest_run_id"));
  }

  /**
   * The partition keys in one column, in order.
   *
   * @throws IllegalArgumentException for a key that could not be split back out: empty, or with a
   *     line break
   */
  static String joinPartitionKeys(List<String> keys) {
    for (String key : keys) {
      if (key.isEmpty() || key.contains(KEY_SEPARATOR)) {
        throw new IllegalArgumentException("invalid partition key '" + key + "'");
      }
    }
    return String.join(KEY_SEPARATOR, keys);
  }

  static List<String> partitionKeys(String joined) {
    return joined.isEmpty() ? List.of() : List.of(joined.split(KEY_SEPARATOR, -1));
  }

  /** Runs an {@code INSERT … RETURNING id} and returns the id. */
  static long generatedId(PreparedStatement insert) throws SQLException {
    try (ResultSet keys = insert.executeQuery()) {
      if (!keys.next()) {
        throw new SQLException("the insert returned no id");
      }
      return keys.getLong(1);
    }
  }

  /** Binds statistics to 5 parameters from {@code first}: rows, bytes, wall, CPU, memory. */
  static void bindStatistics(PreparedStatement statement, int first, TaskStatistics statistics)
      throws SQLException {
    statement.setLong(first, statistics.rows());
    statement.setLong(first + 1, statistics.bytesWritten());
    statement.setLong(first + 2, statistics.wallMillis());
    statement.setLong(first + 3, statistics.cpuMillis());
    statement.setLong(first + 4, statistics.memoryBytes());
  }

  /**
   * Binds what only attempts keep to 5 parameters from {@code first}: queued time, then the
   * engine's rows read, bytes scanned, CPU and peak memory.
   */
  static void bindResources(PreparedStatement statement, int first, TaskStatistics statistics)
      throws SQLException {
    statement.setLong(first, statistics.queuedMillis());
    statement.setLong(first + 1, statistics.engine().rowsRead());
    statement.setLong(first + 2, statistics.engine().bytesScanned());
    statement.setLong(first + 3, statistics.engine().cpuMillis());
    statement.setLong(first + 4, statistics.engine().peakMemoryBytes());
  }

  /** An attempt's statistics, with what only attempts keep. */
  static TaskStatistics attemptStatistics(ResultSet row) throws SQLException {
    return new TaskStatistics(
        row.getLong("rows"),
        row.getLong("bytes_written"),
        row.getLong("wall_ms"),
        row.getLong("cpu_ms"),
        row.getLong("memory_bytes"),
        row.getLong("queued_ms"),
        new EngineUsage(
            row.getLong("rows_read"),
            row.getLong("bytes_scanned"),
            row.getLong("engine_cpu_ms"),
            row.getLong("peak_memory_bytes")));
  }

  static void bindNullableInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, millis(instant));
    }
  }

  static long millis(Instant instant) {
    return instant.toEpochMilli();
  }

  /** The instant as the store keeps it: whole milliseconds. */
  static Instant stored(Instant instant) {
    return instant == null ? null : instant(millis(instant));
  }

  static Instant instant(long millis) {
    return Instant.ofEpochMilli(millis);
  }

  private static Instant nullableInstant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? null : instant(millis);
  }

  static TaskStatistics statistics(ResultSet row) throws SQLException {
    return new TaskStatistics(
        row.getLong("rows"),
        row.getLong("bytes_written"),
        row.getLong("wall_ms"),
        row.getLong("cpu_ms"),
        row.getLong("memory_bytes"));
  }

  /** Parses each stored asset name once per query: reads return many rows per asset. */
  static final class AssetNames {
    private final Map<String, AssetName> parsed = new HashMap<>();

    AssetName parse(String text) {
      return parsed.computeIfAbsent(text, AssetName::parse);
    }
  }
}
