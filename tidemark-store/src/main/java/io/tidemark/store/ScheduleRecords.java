package io.tidemark.store;

import static io.tidemark.store.Rows.instant;
import static io.tidemark.store.Rows.millis;
import static io.tidemark.store.Rows.stored;
import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.FireStatus;
import io.tidemark.core.schedule.Lease;
import io.tidemark.core.schedule.ScheduleStore;
import io.tidemark.core.state.Run;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler's records over the store's connection: fires and the lease. Every method is its own
 * transaction.
 */
final class ScheduleRecords implements ScheduleStore {
  private static final String FIRE_COLUMNS =
      "id, schedule, fire_time, window_start, status, run_id, detail, recorded_at, updated_at";
  private static final String INSERT_CURSOR =
      "INSERT INTO schedule_cursors (schedule, first_seen) VALUES (?, ?)"
          + " ON CONFLICT (schedule) DO NOTHING";
  private static final String READ_CURSOR =
      "SELECT first_seen FROM schedule_cursors WHERE schedule = ?";
  // DO NOTHING returns no row: the fire was recorded before, by this process or another.
  private static final String INSERT_FIRE =
      "INSERT INTO schedule_fires (schedule, fire_time, window_start, status, run_id, detail,"
          + " recorded_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)"
          + " ON CONFLICT (schedule, fire_time) DO NOTHING RETURNING id";
  private static final String UPDATE_FIRE =
      "UPDATE schedule_fires SET status = ?, run_id = CASE WHEN ? = 0 THEN run_id ELSE ? END,"
          + " detail = ?, updated_at = ? WHERE id = ?";
  private static final String FIND_FIRE =
      "SELECT " + FIRE_COLUMNS + " FROM schedule_fires WHERE id = ?";
  private static final String LATEST_FIRE =
      "SELECT "
          + FIRE_COLUMNS
          + " FROM schedule_fires WHERE schedule = ? ORDER BY fire_time DESC LIMIT 1";
  private static final String OPEN_FIRES =
      "SELECT "
          + FIRE_COLUMNS
          + " FROM schedule_fires WHERE status IN (?, ?) ORDER BY fire_time, id";
  private static final String RECENT_FIRES =
      "SELECT " + FIRE_COLUMNS + " FROM schedule_fires ORDER BY fire_time DESC, id DESC LIMIT ?";
  private static final String LEASE =
      "SELECT holder, acquired_at, expires_at FROM scheduler_lease WHERE name = 'scheduler'";
  private static final String TAKE_LEASE =
      "UPDATE scheduler_lease SET holder = ?, acquired_at = ?, expires_at = ?"
          + " WHERE name = 'scheduler'";
  private static final String RELEASE_LEASE =
      "UPDATE scheduler_lease SET holder = '', expires_at = 0"
          + " WHERE name = 'scheduler' AND holder = ?";

  private final StoreConnection connection;

  ScheduleRecords(StoreConnection connection) {
    this.connection = requireNonNull(connection, "connection is null");
  }

  @Override
  public Instant firstSeen(String schedule, Instant now) {
    requireNonNull(schedule, "schedule is null");
    requireNonNull(now, "now is null");
    return connection.write(
        "record schedule " + schedule,
        statements -> {
          PreparedStatement insert = statements.prepare(INSERT_CURSOR);
          insert.setString(1, schedule);
          insert.setLong(2, millis(now));
          insert.executeUpdate();
          PreparedStatement query = statements.prepare(READ_CURSOR);
          query.setString(1, schedule);
          try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return instant(rows.getLong(1));
          }
        });
  }

  @Override
  public Optional<Fire> recordFire(
      String schedule, Instant fireTime, Instant windowStart, String detail, Instant now) {
    requireNonNull(schedule, "schedule is null");
    requireNonNull(fireTime, "fireTime is null");
    requireNonNull(windowStart, "windowStart is null");
    requireNonNull(detail, "detail is null");
    requireNonNull(now, "now is null");
    Optional<Long> id =
        connection.write(
            "record fire of " + schedule + " at " + fireTime,
            statements -> {
              PreparedStatement insert = statements.prepare(INSERT_FIRE);
              insert.setString(1, schedule);
              insert.setLong(2, millis(fireTime));
              insert.setLong(3, millis(windowStart));
              insert.setString(4, FireStatus.WAITING.name());
              insert.setString(5, detail);
              insert.setLong(6, millis(now));
              insert.setLong(7, millis(now));
              try (ResultSet keys = insert.executeQuery()) {
                return keys.next() ? Optional.of(keys.getLong(1)) : Optional.empty();
              }
            });
    return id.map(
        fireId ->
            new Fire(
                fireId,
                schedule,
                stored(fireTime),
                stored(windowStart),
                FireStatus.WAITING,
                0,
                detail,
                stored(now),
                stored(now)));
  }

  @Override
  public List<Fire> recordFires(List<DueFire> fires, Instant now) {
    requireNonNull(fires, "fires is null");
    requireNonNull(now, "now is null");
    if (fires.isEmpty()) {
      return List.of();
    }
    return connection.write(
        "record " + fires.size() + " fires",
        statements -> {
          PreparedStatement insert = statements.prepare(INSERT_FIRE);
          List<Fire> recorded = new ArrayList<>();
          for (DueFire fire : fires) {
            insert.setString(1, fire.schedule());
            insert.setLong(2, millis(fire.fireTime()));
            insert.setLong(3, millis(fire.windowStart()));
            insert.setString(4, FireStatus.WAITING.name());
            insert.setString(5, "");
            insert.setLong(6, millis(now));
            insert.setLong(7, millis(now));
            try (ResultSet keys = insert.executeQuery()) {
              if (keys.next()) {
                recorded.add(
                    new Fire(
                        keys.getLong(1),
                        fire.schedule(),
                        stored(fire.fireTime()),
                        stored(fire.windowStart()),
                        FireStatus.WAITING,
                        0,
                        "",
                        stored(now),
                        stored(now)));
              }
            }
          }
          return recorded;
        });
  }

  @Override
  public List<Run> startFires(List<FireStart> starts, Instant now) {
    requireNonNull(starts, "starts is null");
    requireNonNull(now, "now is null");
    if (starts.isEmpty()) {
      return List.of();
    }
    return connection.write(
        "start " + starts.size() + " fires",
        statements -> {
          List<Run> runs = new ArrayList<>();
          for (FireStart start : starts) {
            long runId = JdbcStateStore.insertRun(statements, start.run());
            PreparedStatement update = statements.prepare(UPDATE_FIRE);
            update.setString(1, FireStatus.RUNNING.name());
            update.setLong(2, runId);
            update.setLong(3, runId);
            update.setString(4, start.detail());
            update.setLong(5, millis(now));
            update.setLong(6, start.fireId());
            if (update.executeUpdate() != 1) {
              throw new TidemarkException(ErrorCode.NOT_FOUND, "no fire " + start.fireId());
            }
            runs.add(JdbcStateStore.created(runId, start.run()));
          }
          return runs;
        });
  }

  @Override
  public void updateFires(java.util.Map<Long, String> details, FireStatus status, Instant now) {
    requireNonNull(details, "details is null");
    requireNonNull(status, "status is null");
    requireNonNull(now, "now is null");
    if (details.isEmpty()) {
      return;
    }
    connection.write(
        "update " + details.size() + " fires",
        statements -> {
          PreparedStatement update = statements.prepare(UPDATE_FIRE);
          for (java.util.Map.Entry<Long, String> fire : details.entrySet()) {
            update.setString(1, status.name());
            update.setLong(2, 0);
            update.setLong(3, 0);
            update.setString(4, fire.getValue());
            update.setLong(5, millis(now));
            update.setLong(6, fire.getKey());
            if (update.executeUpdate() != 1) {
              throw new TidemarkException(ErrorCode.NOT_FOUND, "no fire " + fire.getKey());
            }
          }
          return null;
        });
  }

  @Override
  public void updateFire(long fireId, FireStatus status, long runId, String detail, Instant now) {
    requireNonNull(status, "status is null");
    requireNonNull(detail, "detail is null");
    requireNonNull(now, "now is null");
    connection.write(
        "update fire " + fireId,
        statements -> {
          PreparedStatement update = statements.prepare(UPDATE_FIRE);
          update.setString(1, status.name());
          update.setLong(2, runId);
          update.setLong(3, runId);
          update.setString(4, detail);
          update.setLong(5, millis(now));
          update.setLong(6, fireId);
          if (update.executeUpdate() != 1) {
            throw new TidemarkException(ErrorCode.NOT_FOUND, "no fire " + fireId);
          }
          return null;
        });
  }

  @Override
  public Optional<Fire> findFire(long fireId) {
    return connection.read(
        "read fire " + fireId,
        statements -> {
          PreparedStatement query = statements.prepare(FIND_FIRE);
          query.setLong(1, fireId);
          return fires(query).stream().findFirst();
        });
  }

  @Override
  public Optional<Fire> latestFire(String schedule) {
    requireNonNull(schedule, "schedule is null");
    return connection.read(
        "read latest fire of " + schedule,
        statements -> {
          PreparedStatement query = statements.prepare(LATEST_FIRE);
          query.setString(1, schedule);
          return fires(query).stream().findFirst();
        });
  }

  @Override
  public List<Fire> openFires() {
    return connection.read(
        "read open fires",
        statements -> {
          PreparedStatement query = statements.prepare(OPEN_FIRES);
          query.setString(1, FireStatus.WAITING.name());
          query.setString(2, FireStatus.RUNNING.name());
          return fires(query);
        });
  }

  @Override
  public List<Fire> recentFires(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit is negative: " + limit);
    }
    return connection.read(
        "read recent fires",
        statements -> {
          PreparedStatement query = statements.prepare(RECENT_FIRES);
          query.setInt(1, limit);
          return fires(query);
        });
  }

  @Override
  public Lease acquireLease(String holder, Instant now, Duration ttl) {
    requireNonNull(holder, "holder is null");
    requireNonNull(now, "now is null");
    requireNonNull(ttl, "ttl is null");
    if (holder.isEmpty()) {
      throw new IllegalArgumentException("a lease holder needs a name");
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a lease needs a positive time to live: " + ttl);
    }
    return connection.write(
        "take the scheduler lease",
        statements -> {
          Lease current = readLease(statements, connection.dialect().lockRows());
          boolean ours = current.holder().equals(holder);
          if (!ours && !current.holder().isEmpty() && current.expiresAt().isAfter(now)) {
            return current;
          }
          Lease taken =
              new Lease(holder, ours ? current.acquiredAt() : stored(now), stored(now.plus(ttl)));
          PreparedStatement update = statements.prepare(TAKE_LEASE);
          update.setString(1, holder);
          update.setLong(2, millis(taken.acquiredAt()));
          update.setLong(3, millis(taken.expiresAt()));
          update.executeUpdate();
          return taken;
        });
  }

  @Override
  public void releaseLease(String holder) {
    requireNonNull(holder, "holder is null");
    connection.write(
        "release the scheduler lease",
        statements -> {
          PreparedStatement update = statements.prepare(RELEASE_LEASE);
          update.setString(1, holder);
          update.executeUpdate();
          return null;
        });
  }

  @Override
  public Lease lease() {
    return connection.read("read the scheduler lease", statements -> readLease(statements, ""));
  }

  private static Lease readLease(StoreConnection.Statements statements, String lockRows)
      throws SQLException {
    try (ResultSet row = statements.prepare(LEASE + lockRows).executeQuery()) {
      if (!row.next()) {
        throw new SQLException("the scheduler_lease row is missing");
      }
      return new Lease(
          row.getString("holder"),
          instant(row.getLong("acquired_at")),
          instant(row.getLong("expires_at")));
    }
  }

  private static List<Fire> fires(PreparedStatement query) throws SQLException {
    List<Fire> fires = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        fires.add(
            new Fire(
                rows.getLong("id"),
                rows.getString("schedule"),
                instant(rows.getLong("fire_time")),
                instant(rows.getLong("window_start")),
                FireStatus.valueOf(rows.getString("status")),
                rows.getLong("run_id"),
                rows.getString("detail"),
                instant(rows.getLong("recorded_at")),
                instant(rows.getLong("updated_at"))));
      }
    }
    return fires;
  }
}
