package io.tidemark.store;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.AttemptMeans;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.store.StoreConnection.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Averages over {@code task_attempts} for cost estimates: aggregated in the database, so an asset
 * with years of attempts sends back one row. The same SQL on SQLite and PostgreSQL.
 */
final class AttemptMeansTable {
  private static final int ASSETS_PER_QUERY = PartitionStateTable.ASSETS_PER_QUERY;

  // CASE rather than max(a, b) / greatest(a, b): SQLite and PostgreSQL spell those differently.
  private static final String MEANS =
      "SELECT asset, count(*),"
          + " avg(CASE WHEN engine_cpu_ms > cpu_ms THEN engine_cpu_ms ELSE cpu_ms END),"
          + " avg(bytes_scanned), avg(bytes_written)"
          + " FROM task_attempts WHERE status = ? AND asset IN ("
          + String.join(", ", Collections.nCopies(ASSETS_PER_QUERY, "?"))
          + ") GROUP BY asset";

  private AttemptMeansTable() {}

  static Map<AssetName, AttemptMeans> of(Statements statements, List<String> assets)
      throws SQLException {
    Map<AssetName, AttemptMeans> means = new HashMap<>();
    if (assets.isEmpty()) {
      return means;
    }
    PreparedStatement query = statements.prepare(MEANS);
    query.setString(1, TaskStatus.SUCCEEDED.name());
    Rows.AssetNames names = new Rows.AssetNames();
    for (int start = 0; start < assets.size(); start += ASSETS_PER_QUERY) {
      List<String> chunk = assets.subList(start, Math.min(start + ASSETS_PER_QUERY, assets.size()));
      for (int i = 0; i < ASSETS_PER_QUERY; i++) {
        // The last name repeats to fill the statement's slots: one statement for every chunk.
        query.setString(i + 2, chunk.get(Math.min(i, chunk.size() - 1)));
      }
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          means.put(
              names.parse(rows.getString(1)),
              new AttemptMeans(
                  rows.getLong(2), rows.getDouble(3), rows.getDouble(4), rows.getDouble(5)));
        }
      }
    }
    return means;
  }
}
