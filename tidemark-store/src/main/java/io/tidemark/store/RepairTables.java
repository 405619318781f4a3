package io.tidemark.store;

import static io.tidemark.store.Rows.REPAIR_COLUMNS;
import static io.tidemark.store.Rows.generatedId;
import static io.tidemark.store.Rows.millis;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.state.NewRepair;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RepairTask;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.store.StoreConnection.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Statements on {@code repairs}, {@code repair_tasks} and {@code repair_runs}, to run inside a
 * transaction of the caller's.
 */
final class RepairTables {
  /** Task rows sent per batch when a plan is stored: plans run to hundreds of thousands. */
  static final int TASKS_PER_BATCH = 1_000;

  /** Overlapping tasks a conflict names. */
  static final int CONFLICTS_NAMED = 3;

  private static final String INSERT_REPAIR =
      "INSERT INTO repairs (target, range_start, range_end, exclude_selection, stop_at,"
          + " created_by, created_at, task_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
  private static final String INSERT_TASK =
      "INSERT INTO repair_tasks (repair_id, ordinal, asset, partition_key) VALUES (?, ?, ?, ?)";
  // The latest run is the one with the highest id: ids grow as runs are created.
  private static final String SELECT_REPAIRS =
      "SELECT "
          + REPAIR_COLUMNS
          + ", latest.id AS latest_run_id, latest.status AS latest_run_status FROM repairs r"
          + " LEFT JOIN runs latest ON latest.id ="
          + " (SELECT MAX(rr.run_id) FROM repair_runs rr WHERE rr.repair_id = r.id)";
  private static final String FIND_REPAIR = SELECT_REPAIRS + " WHERE r.id = ?";
  private static final String RECENT_REPAIRS =
      SELECT_REPAIRS + " ORDER BY r.created_at DESC, r.id DESC LIMIT ?";
  private static final String REPAIR_EXISTS = "SELECT 1 FROM repairs WHERE id = ?";
  private static final String TASKS_OF_REPAIR =
      "SELECT asset, partition_key FROM repair_tasks WHERE repair_id = ? ORDER BY ordinal";
  private static final String COMPLETED_TASKS =
      "SELECT a.asset, a.partition_key FROM repair_runs rr"
          + " JOIN task_attempts a ON a.run_id = rr.run_id"
          + " JOIN repair_tasks t ON t.repair_id = rr.repair_id AND t.asset = a.asset"
          + " AND t.partition_key = a.partition_key"
          + " WHERE rr.repair_id = ? AND a.status = ?";
  private static final String REPAIRS_IN_RUN_STATUS =
      "SELECT rr.repair_id, rr.run_id FROM repair_runs rr JOIN runs ON runs.id = rr.run_id"
          + " WHERE runs.status = ? ORDER BY rr.run_id";
  private static final String LINK_RUN =
      "INSERT INTO repair_runs (run_id, repair_id) VALUES (?, ?)";

  private RepairTables() {}

  /** Stores the plan and its tasks; returns its id. */
  static long insert(Statements statements, NewRepair repair) throws SQLException {
    PreparedStatement insert = statements.prepare(INSERT_REPAIR);
    insert.setString(1, repair.target());
    insert.setString(2, repair.rangeStart());
    insert.setString(3, repair.rangeEnd());
    insert.setString(4, repair.exclude());
    insert.setString(5, repair.stopAt());
    insert.setString(6, repair.createdBy());
    insert.setLong(7, millis(repair.createdAt()));
    insert.setInt(8, repair.tasks().size());
    long id = generatedId(insert);
    PreparedStatement task = statements.prepare(INSERT_TASK);
    List<RepairTask> tasks = repair.tasks();
    for (int ordinal = 0; ordinal < tasks.size(); ordinal++) {
      task.setLong(1, id);
      task.setInt(2, ordinal);
      task.setString(3, tasks.get(ordinal).asset().toString());
      task.setString(4, tasks.get(ordinal).partition());
      task.addBatch();
      if ((ordinal + 1) % TASKS_PER_BATCH == 0 || ordinal == tasks.size() - 1) {
        task.executeBatch();
      }
    }
    return id;
  }

  static Optional<Repair> find(Statements statements, long repairId) throws SQLException {
    PreparedStatement query = statements.prepare(FIND_REPAIR);
    query.setLong(1, repairId);
    return repairs(query).stream().findFirst();
  }

  static List<Repair> recent(Statements statements, int limit) throws SQLException {
    PreparedStatement query = statements.prepare(RECENT_REPAIRS);
    query.setInt(1, limit);
    return repairs(query);
  }

  static List<RepairTask> tasks(Statements statements, long repairId) throws SQLException {
    PreparedStatement query = statements.prepare(TASKS_OF_REPAIR);
    query.setLong(1, repairId);
    List<RepairTask> tasks = new ArrayList<>();
    readTasks(query, tasks);
    return tasks;
  }

  static Set<RepairTask> completed(Statements statements, long repairId) throws SQLException {
    PreparedStatement query = statements.prepare(COMPLETED_TASKS);
    query.setLong(1, repairId);
    query.setString(2, TaskStatus.SUCCEEDED.name());
    Set<RepairTask> tasks = new HashSet<>();
    readTasks(query, tasks);
    return tasks;
  }

  /** Throws {@code NOT_FOUND} when there is no such repair. */
  static void requireExists(Statements statements, long repairId) throws SQLException {
    PreparedStatement query = statements.prepare(REPAIR_EXISTS);
    query.setLong(1, repairId);
    try (ResultSet rows = query.executeQuery()) {
      if (!rows.next()) {
        throw new TidemarkException(ErrorCode.NOT_FOUND, "repair " + repairId + " does not exist");
      }
    }
  }

  /**
   * Throws {@code CONFLICT} when a running run executes a repair whose plan shares a task with
   * {@code tasks}; names the first such run. Reads each running repair's plan once: linear in the
   * size of the plans, with {@code tasks} hashed.
   */
  static void refuseOverlap(Statements statements, long repairId, Set<RepairTask> tasks)
      throws SQLException {
    if (tasks.isEmpty()) {
      return;
    }
    PreparedStatement query = statements.prepare(REPAIRS_IN_RUN_STATUS);
    query.setString(1, RunStatus.RUNNING.name());
    List<RunningRepair> running = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        running.add(new RunningRepair(rows.getLong("repair_id"), rows.getLong("run_id")));
      }
    }
    Rows.AssetNames names = new Rows.AssetNames();
    Set<Long> checked = new HashSet<>();
    for (RunningRepair other : running) {
      if (!checked.add(other.repairId())) {
        // A second running run of a plan already checked.
        continue;
      }
      PreparedStatement plan = statements.prepare(TASKS_OF_REPAIR);
      plan.setLong(1, other.repairId());
      List<RepairTask> named = new ArrayList<>(CONFLICTS_NAMED);
      int overlapping = 0;
      try (ResultSet rows = plan.executeQuery()) {
        while (rows.next()) {
          RepairTask task =
              new RepairTask(names.parse(rows.getString("asset")), rows.getString("partition_key"));
          if (tasks.contains(task)) {
            overlapping++;
            if (named.size() < CONFLICTS_NAMED) {
              named.add(task);
            }
          }
        }
      }
      if (overlapping > 0) {
        throw conflict(repairId, other, overlapping, named);
      }
    }
  }

  /** A repair and a run of it that is running. */
  private record RunningRepair(long repairId, long runId) {}

  private static TidemarkException conflict(
      long repairId, RunningRepair other, int overlapping, List<RepairTask> named) {
    List<String> partitions = named.stream().map(t -> t.asset() + " " + t.partition()).toList();
    return new TidemarkException(
        ErrorCode.CONFLICT,
        "cannot start a run of repair "
            + repairId
            + ": repair "
            + other.repairId()
            + " is running (run "
            + other.runId()
            + ") and shares "
            + overlapping
            + (overlapping == 1 ? " task" : " tasks")
            + " with it"
            + (overlapping > named.size() ? ", among them " : ": ")
            + String.join(", ", partitions));
  }

  static void link(Statements statements, long repairId, long runId) throws SQLException {
    PreparedStatement insert = statements.prepare(LINK_RUN);
    insert.setLong(1, runId);
    insert.setLong(2, repairId);
    insert.executeUpdate();
  }

  private static List<Repair> repairs(PreparedStatement query) throws SQLException {
    List<Repair> repairs = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        repairs.add(Rows.repair(rows));
      }
    }
    return repairs;
  }

  private static void readTasks(PreparedStatement query, Collection<RepairTask> tasks)
      throws SQLException {
    Rows.AssetNames names = new Rows.AssetNames();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        tasks.add(
            new RepairTask(names.parse(rows.getString("asset")), rows.getString("partition_key")));
      }
    }
  }
}
