package io.tidemark.store;

import static io.tidemark.store.Rows.generatedId;
import static io.tidemark.store.Rows.instant;
import static io.tidemark.store.Rows.millis;
import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.state.QueuedRun;
import io.tidemark.core.state.RunOwner;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The queued-run part of {@link JdbcStateStore}: {@code queued_runs}, each call one transaction.
 */
final class QueueRecords {
  private static final String COLUMNS =
      "id, kind, selection, range_start, range_end, force_all, repair_id, planned_tasks,"
          + " submitted_by, submitted_at, status, run_id, owner_host, owner_pid,"
          + " owner_process_start";
  private static final String INSERT =
      "INSERT INTO queued_runs (kind, selection, range_start, range_end, force_all, repair_id,"
          + " planned_tasks, submitted_by, submitted_at, status, run_id, owner_host, owner_pid,"
          + " owner_process_start, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
  private static final String UPDATE =
      "UPDATE queued_runs SET status = ?, run_id = ?, updated_at = ? WHERE id = ?";
  private static final String UNFINISHED =
      "SELECT " + COLUMNS + " FROM queued_runs WHERE status IN ('QUEUED', 'RUNNING') ORDER BY id";
  private static final String ADOPT =
      "UPDATE queued_runs SET status = 'QUEUED', owner_host = ?, owner_pid = ?,"
          + " owner_process_start = ?, updated_at = ?"
          + " WHERE id = ? AND status IN ('QUEUED', 'RUNNING')";
  private static final String RECENT =
      "SELECT " + COLUMNS + " FROM queued_runs ORDER BY id DESC LIMIT ?";

  private final StoreConnection connection;

  QueueRecords(StoreConnection connection) {
    this.connection = requireNonNull(connection, "connection is null");
  }

  QueuedRun enqueue(QueuedRun run) {
    requireNonNull(run, "run is null");
    long id =
        connection.write(
            "queue a " + run.kind(),
            statements -> {
              PreparedStatement insert = statements.prepare(INSERT);
              insert.setString(1, run.kind());
              insert.setString(2, run.selection());
              insert.setString(3, run.rangeStart());
              insert.setString(4, run.rangeEnd());
              insert.setInt(5, run.force() ? 1 : 0);
              insert.setLong(6, run.repairId());
              insert.setInt(7, run.plannedTasks());
              insert.setString(8, run.submittedBy());
              insert.setLong(9, millis(run.submittedAt()));
              insert.setString(10, QueuedRun.Status.QUEUED.name());
              insert.setLong(11, 0);
              bindOwner(insert, 12, run.owner());
              insert.setLong(15, millis(run.submittedAt()));
              return generatedId(insert);
            });
    return new QueuedRun(
        id,
        run.kind(),
        run.selection(),
        run.rangeStart(),
        run.rangeEnd(),
        run.force(),
        run.repairId(),
        run.plannedTasks(),
        run.submittedBy(),
        Rows.stored(run.submittedAt()),
        QueuedRun.Status.QUEUED,
        0,
        run.owner());
  }

  void update(long id, QueuedRun.Status status, long runId, Instant at) {
    requireNonNull(status, "status is null");
    requireNonNull(at, "at is null");
    connection.write(
        "record queued run " + id + " " + status,
        statements -> {
          PreparedStatement update = statements.prepare(UPDATE);
          update.setString(1, status.name());
          update.setLong(2, runId);
          update.setLong(3, millis(at));
          update.setLong(4, id);
          if (update.executeUpdate() != 1) {
            throw new TidemarkException(ErrorCode.NOT_FOUND, "no queued run " + id);
          }
          return null;
        });
  }

  List<QueuedRun> adopt(Predicate<RunOwner> isGone, RunOwner owner, Instant now) {
    requireNonNull(isGone, "isGone is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(now, "now is null");
    return connection.write(
        "take over queued runs",
        statements -> {
          List<QueuedRun> unfinished = new ArrayList<>();
          try (ResultSet rows =
              statements.prepare(UNFINISHED + connection.dialect().lockRows()).executeQuery()) {
            while (rows.next()) {
              unfinished.add(read(rows));
            }
          }
          List<QueuedRun> adopted = new ArrayList<>();
          PreparedStatement adopt = statements.prepare(ADOPT);
          for (QueuedRun run : unfinished) {
            if (!isGone.test(run.owner())) {
              continue;
            }
            bindOwner(adopt, 1, owner);
            adopt.setLong(4, millis(now));
            adopt.setLong(5, run.id());
            if (adopt.executeUpdate() == 1) {
              adopted.add(
                  new QueuedRun(
                      run.id(),
                      run.kind(),
                      run.selection(),
                      run.rangeStart(),
                      run.rangeEnd(),
                      run.force(),
                      run.repairId(),
                      run.plannedTasks(),
                      run.submittedBy(),
                      run.submittedAt(),
                      QueuedRun.Status.QUEUED,
                      run.runId(),
                      owner));
            }
          }
          return List.copyOf(adopted);
        });
  }

  List<QueuedRun> recent(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit cannot be negative: " + limit);
    }
    return connection.read(
        "read queued runs",
        statements -> {
          PreparedStatement query = statements.prepare(RECENT);
          query.setInt(1, limit);
          List<QueuedRun> runs = new ArrayList<>();
          try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              runs.add(read(rows));
            }
          }
          return List.copyOf(runs);
        });
  }

  private static void bindOwner(PreparedStatement statement, int first, RunOwner owner)
      throws SQLException {
    statement.setString(first, owner.host());
    statement.setLong(first + 1, owner.pid());
    statement.setLong(first + 2, millis(owner.processStart()));
  }

  private static QueuedRun read(ResultSet row) throws SQLException {
    return new QueuedRun(
        row.getLong("id"),
        row.getString("kind"),
        row.getString("selection"),
        row.getString("range_start"),
        row.getString("range_end"),
        row.getInt("force_all") != 0,
        row.getLong("repair_id"),
        row.getInt("planned_tasks"),
        row.getString("submitted_by"),
        instant(row.getLong("submitted_at")),
        QueuedRun.Status.valueOf(row.getString("status")),
        row.getLong("run_id"),
        new RunOwner(
            row.getString("owner_host"),
            row.getLong("owner_pid"),
            instant(row.getLong("owner_process_start"))));
  }
}
