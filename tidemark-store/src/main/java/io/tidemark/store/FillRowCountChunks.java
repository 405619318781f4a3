package io.tidemark.store;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.TaskStatistics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration V5: fills {@code row_count_chunks} (created by V4) from the partition states stored
 * before it existed, one asset at a time, with the same code that keeps it current.
 */
final class FillRowCountChunks implements JavaMigration {
  static final String VERSION = "5";

  private final Dialect dialect;

  FillRowCountChunks(Dialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion(VERSION);
  }

  @Override
  public String getDescription() {
    return "fill row count chunks";
  }

  @Override
  public Integer getChecksum() {
    return null;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection connection = context.getConnection();
    Map<String, PreparedStatement> prepared = new HashMap<>();
    StoreConnection.Statements statements =
        sql -> {
          PreparedStatement statement = prepared.get(sql);
          if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
          }
          return statement;
        };
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT asset, partition_key, status, rows FROM partition_states ORDER BY asset")) {
      try (ResultSet rows = query.executeQuery()) {
        List<PartitionState> asset = new ArrayList<>();
        String current = null;
        while (rows.next()) {
          String name = rows.getString(1);
          if (!name.equals(current)) {
            RowCountChunks.record(statements, dialect, asset);
            asset.clear();
            current = name;
          }
          asset.add(
              new PartitionState(
                  AssetName.parse(name),
                  rows.getString(2),
                  PartitionStatus.valueOf(rows.getString(3)),
                  "",
                  "",
                  "",
                  new TaskStatistics(rows.getLong(4), 0, 0, 0, 0),
                  0,
                  Instant.EPOCH));
        }
        RowCountChunks.record(statements, dialect, asset);
      }
    } finally {
      for (PreparedStatement statement : prepared.values()) {
        statement.close();
      }
    }
  }
}
