package io.tidemark.store;

import static io.tidemark.store.Rows.bindStatistics;
import static io.tidemark.store.Rows.instant;
import static io.tidemark.store.Rows.millis;
import static io.tidemark.store.Rows.statistics;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionIndex;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.PartitionTally;
import io.tidemark.store.StoreConnection.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Statements on {@code partition_states}, to run inside a transaction of the caller's. */
final class PartitionStateTable {
  /** Assets per query: bounded so that no query carries thousands of parameters. */
  static final int ASSETS_PER_QUERY = 100;

  private static final String COLUMNS =
      "asset, partition_key, status, data_version, code_version, input_version, rows,"
          + " bytes_written, wall_ms, cpu_ms, memory_bytes, run_id, updated_at, content_hash";
  private static final String UPSERT =
      "INSERT INTO partition_states ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (asset, partition_key) DO UPDATE SET status = excluded.status,"
          + " data_version = excluded.data_version, code_version = excluded.code_version,"
          + " input_version = excluded.input_version, rows = excluded.rows,"
          + " bytes_written = excluded.bytes_written, wall_ms = excluded.wall_ms,"
          + " cpu_ms = excluded.cpu_ms, memory_bytes = excluded.memory_bytes,"
          + " run_id = excluded.run_id, updated_at = excluded.updated_at,"
          + " content_hash = excluded.content_hash";
  private static final String SELECT_ALL = "SELECT " + COLUMNS + " FROM partition_states";
  private static final String SELECT_ONE = SELECT_ALL + " WHERE asset = ? AND partition_key = ?";
  private static final String SELECT_OF_ASSETS =
      SELECT_ALL
          + " WHERE asset IN ("
          + String.join(", ", Collections.nCopies(ASSETS_PER_QUERY, "?"))
          + ")";

  private PartitionStateTable() {}

  /** Writes a state, and its row count into {@link RowCountChunks}. */
  static void upsert(Statements statements, Dialect dialect, PartitionState state)
      throws SQLException {
    PreparedStatement upsert = statements.prepare(UPSERT);
    bind(upsert, state);
    upsert.executeUpdate();
    RowCountChunks.record(statements, dialect, List.of(state));
    Generations.bump(statements, Generations.PARTITION_STATES);
  }

  /** Writes states in order, and their row counts into {@link RowCountChunks}. */
  static void upsertAll(Statements statements, Dialect dialect, List<PartitionState> states)
      throws SQLException {
    PreparedStatement upsert = statements.prepare(UPSERT);
    for (PartitionState state : states) {
      bind(upsert, state);
      upsert.addBatch();
    }
    upsert.executeBatch();
    RowCountChunks.record(statements, dialect, states);
    Generations.bump(statements, Generations.PARTITION_STATES);
  }

  static Optional<PartitionState> find(Statements statements, String asset, String partition)
      throws SQLException {
    PreparedStatement query = statements.prepare(SELECT_ONE);
    query.setString(1, asset);
    query.setString(2, partition);
    List<PartitionState> states = new ArrayList<>(1);
    read(query, new Rows.AssetNames(), states);
    return states.stream().findFirst();
  }

  /** The states of the given assets, without duplicates; of every asset when there are none. */
  static List<PartitionState> ofAssets(Statements statements, List<String> assets)
      throws SQLException {
    Rows.AssetNames names = new Rows.AssetNames();
    List<PartitionState> states = new ArrayList<>();
    if (assets.isEmpty()) {
      read(statements.prepare(SELECT_ALL), names, states);
      return states;
    }
    // One fixed-size statement, prepared once and reused for every chunk; the last chunk
    // repeats its final asset to fill the unused parameters, which IN ignores.
    PreparedStatement query = statements.prepare(SELECT_OF_ASSETS);
    for (int start = 0; start < assets.size(); start += ASSETS_PER_QUERY) {
      List<String> chunk = assets.subList(start, Math.min(start + ASSETS_PER_QUERY, assets.size()));
      for (int i = 0; i < ASSETS_PER_QUERY; i++) {
        query.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
      }
      read(query, names, states);
    }
    return states;
  }

  /**
   * The states of the given assets (every asset when there are none) whose partition overlaps
   * {@code range}, and unpartitioned ones, found through the key index; the few extra rows its
   * ranges hold (hours of the first day before the range starts) are dropped here.
   */
  static List<PartitionState> overlapping(
      Statements statements, Dialect dialect, List<String> assets, TimeRange range)
      throws SQLException {
    // Keys sort in time order as text, a month's key before its days' and a day's before its
    // hours'. So three ranges of the primary key's (asset, partition_key) index hold every key
    // that can overlap: from the first day's key to the hour key where the range ends (days, hours
    // and later months), the first month's key, and the unpartitioned key. One OR of them would
    // make SQLite read every partition of the assets.
    String key = dialect.binaryText("partition_key");
    LocalDateTime end = range.end();
    LocalDateTime endHour = end.truncatedTo(ChronoUnit.HOURS);
    String upper =
        PartitionKey.of(Grain.HOUR, endHour.equals(end) ? endHour : endHour.plusHours(1))
            .toString();
    List<List<String>> conditions =
        List.of(
            List.of(
                key + " >= ? AND " + key + " < ?",
                PartitionKey.containing(Grain.DAY, range.start()).toString(),
                upper),
            List.of(
                "partition_key = ?",
                PartitionKey.containing(Grain.MONTH, range.start()).toString()),
            List.of("partition_key = 'all'"));
    Rows.AssetNames names = new Rows.AssetNames();
    List<PartitionState> states = new ArrayList<>();
    for (List<String> condition : conditions) {
      List<String> bounds = condition.subList(1, condition.size());
      if (assets.isEmpty()) {
        PreparedStatement query = statements.prepare(SELECT_ALL + " WHERE " + condition.get(0));
        for (int i = 0; i < bounds.size(); i++) {
          query.setString(i + 1, bounds.get(i));
        }
        read(query, names, states);
        continue;
      }
      PreparedStatement query = statements.prepare(SELECT_OF_ASSETS + " AND " + condition.get(0));
      for (int start = 0; start < assets.size(); start += ASSETS_PER_QUERY) {
        List<String> chunk =
            assets.subList(start, Math.min(start + ASSETS_PER_QUERY, assets.size()));
        for (int i = 0; i < ASSETS_PER_QUERY; i++) {
          query.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
        }
        for (int i = 0; i < bounds.size(); i++) {
          query.setString(ASSETS_PER_QUERY + 1 + i, bounds.get(i));
        }
        read(query, names, states);
      }
    }
    states.removeIf(state -> !overlaps(state.partition(), range));
    return states;
  }

  /**
   * Counts by asset and status in one aggregate query per distinct run of keys (and per 100
   * assets). Keys of one grain have one length and sort in time order as text, so the run is a
   * range of the key index; the length keeps keys of another grain (from before the asset's grain
   * changed) out.
   */
  static List<PartitionTally> tally(
      Statements statements, Dialect dialect, Map<AssetName, PartitionTally.KeyRun> runs)
      throws SQLException {
    String key = dialect.binaryText("partition_key");
    PreparedStatement query =
        statements.prepare(
            "SELECT asset, status, count(*), sum(rows), min(run_id), max(run_id), max(updated_at)"
                + " FROM partition_states WHERE asset IN ("
                + String.join(", ", Collections.nCopies(ASSETS_PER_QUERY, "?"))
                + ") AND "
                + key
                + " >= ? AND "
                + key
                + " <= ? AND length(partition_key) = ? GROUP BY asset, status");
    Map<PartitionTally.KeyRun, List<String>> byRun = new LinkedHashMap<>();
    runs.forEach(
        (asset, run) -> byRun.computeIfAbsent(run, r -> new ArrayList<>()).add(asset.toString()));
    Rows.AssetNames names = new Rows.AssetNames();
    List<PartitionTally> tallies = new ArrayList<>();
    for (Map.Entry<PartitionTally.KeyRun, List<String>> entry : byRun.entrySet()) {
      PartitionTally.KeyRun run = entry.getKey();
      List<String> assets = entry.getValue();
      for (int start = 0; start < assets.size(); start += ASSETS_PER_QUERY) {
        List<String> chunk =
            assets.subList(start, Math.min(start + ASSETS_PER_QUERY, assets.size()));
        for (int i = 0; i < ASSETS_PER_QUERY; i++) {
          query.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
        }
        query.setString(ASSETS_PER_QUERY + 1, run.first());
        query.setString(ASSETS_PER_QUERY + 2, run.last());
        query.setInt(ASSETS_PER_QUERY + 3, run.first().length());
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            tallies.add(
                new PartitionTally(
                    names.parse(rows.getString(1)),
                    PartitionStatus.valueOf(rows.getString(2)),
                    rows.getLong(3),
                    rows.getLong(4),
                    rows.getLong(5),
                    rows.getLong(6),
                    instant(rows.getLong(7))));
          }
        }
      }
    }
    return tallies;
  }

  static List<PartitionState> failedOrUnpartitioned(Statements statements) throws SQLException {
    List<PartitionState> states = new ArrayList<>();
    read(
        statements.prepare(SELECT_ALL + " WHERE status = 'FAILED' OR partition_key = 'all'"),
        new Rows.AssetNames(),
        states);
    return states;
  }

  static Map<AssetName, Double> meanWallMillis(Statements statements, List<String> assets)
      throws SQLException {
    PreparedStatement query =
        statements.prepare(
            "SELECT asset, avg(wall_ms) FROM partition_states WHERE wall_ms > 0 AND asset IN ("
                + String.join(", ", Collections.nCopies(ASSETS_PER_QUERY, "?"))
                + ") GROUP BY asset");
    Rows.AssetNames names = new Rows.AssetNames();
    Map<AssetName, Double> means = new java.util.HashMap<>();
    for (int start = 0; start < assets.size(); start += ASSETS_PER_QUERY) {
      List<String> chunk = assets.subList(start, Math.min(start + ASSETS_PER_QUERY, assets.size()));
      for (int i = 0; i < ASSETS_PER_QUERY; i++) {
        query.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
      }
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          means.put(names.parse(rows.getString(1)), rows.getDouble(2));
        }
      }
    }
    return means;
  }

  private static boolean overlaps(String partition, TimeRange range) {
    try {
      Grain grain = PartitionIndex.grainOf(partition);
      if (grain == Grain.ALL) {
        return true;
      }
      PartitionKey key = PartitionKey.parse(grain, partition);
      return range.overlaps(key.start(), key.end());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void read(
      PreparedStatement query, Rows.AssetNames names, List<PartitionState> states)
      throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        states.add(
            new PartitionState(
                names.parse(rows.getString("asset")),
                rows.getString("partition_key"),
                PartitionStatus.valueOf(rows.getString("status")),
                rows.getString("data_version"),
                rows.getString("code_version"),
                rows.getString("input_version"),
                statistics(rows),
                rows.getString("content_hash"),
                rows.getLong("run_id"),
                instant(rows.getLong("updated_at"))));
      }
    }
  }

  private static void bind(PreparedStatement statement, PartitionState state) throws SQLException {
    statement.setString(1, state.asset().toString());
    statement.setString(2, state.partition());
    statement.setString(3, state.status().name());
    statement.setString(4, state.dataVersion());
    statement.setString(5, state.codeVersion());
    statement.setString(6, state.inputVersion());
    bindStatistics(statement, 7, state.statistics());
    statement.setLong(12, state.runId());
    statement.setLong(13, millis(state.updatedAt()));
    statement.setString(14, state.contentHash());
  }
}
