package io.tidemark.store;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** The logs of task attempts, one row per attempt that left one. */
final class AttemptLogs {
  private static final String UPSERT =
      "INSERT INTO attempt_logs (attempt_id, run_id, log) VALUES (?, ?, ?)"
          + " ON CONFLICT (attempt_id) DO UPDATE SET log = excluded.log";
  private static final String OF_RUN =
      "SELECT attempt_id, log FROM attempt_logs WHERE run_id = ? ORDER BY attempt_id";

  private final StoreConnection connection;

  AttemptLogs(StoreConnection connection) {
    this.connection = requireNonNull(connection, "connection is null");
  }

  void record(long runId, long attemptId, String log) {
    requireNonNull(log, "log is null");
    connection.write(
        "record the log of attempt " + attemptId,
        statements -> {
          PreparedStatement upsert = statements.prepare(UPSERT);
          upsert.setLong(1, attemptId);
          upsert.setLong(2, runId);
          upsert.setString(3, log);
          upsert.executeUpdate();
          return null;
        });
  }

  Map<Long, String> ofRun(long runId) {
    return connection.read(
        "read the attempt logs of run " + runId,
        statements -> {
          PreparedStatement query = statements.prepare(OF_RUN);
          query.setLong(1, runId);
          Map<Long, String> logs = new LinkedHashMap<>();
          try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              logs.put(rows.getLong(1), rows.getString(2));
            }
          }
          return logs;
        });
  }
}
