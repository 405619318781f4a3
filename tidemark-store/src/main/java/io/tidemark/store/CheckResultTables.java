package io.tidemark.store;

import static io.tidemark.store.Rows.instant;
import static io.tidemark.store.Rows.millis;

import io.tidemark.core.state.CheckPage;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.CheckTally;
import io.tidemark.store.StoreConnection.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Statements on {@code check_results} (the history) and {@code check_latest} (the latest result of
 * each asset, check and partition), to run inside a transaction of the caller's.
 *
 * <p>A result's sample rows share one column: each row escaped, then ended by a line feed. The
 * escapes are {@code \\} for a backslash, {@code \n} for a line feed and {@code \0} for NUL (which
 * PostgreSQL's text cannot hold), so any text round-trips, and an empty sample ({@code ""}) differs
 * from one empty row ({@code "\n"}).
 */
final class CheckResultTables {
  /**
   * Result rows sent per batch: a run over a year of daily partitions records tens of thousands.
   */
  static final int RESULTS_PER_BATCH = 1_000;

  /** Assets per query: bounded so that no query carries thousands of parameters. */
  static final int ASSETS_PER_QUERY = PartitionStateTable.ASSETS_PER_QUERY;

  private static final char ROW_END = '\n';
  private static final char ESCAPE = '\\';

  /** Of both tables, in this order. */
  private static final String COLUMNS =
      "run_id, asset, check_name, partition_key, status, severity, observed, expected, sample,"
          + " message, checked_at";

  private static final String PARAMETERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
  private static final String INSERT_RESULT =
      "INSERT INTO check_results (" + COLUMNS + ") VALUES (" + PARAMETERS + ")";
  // A result checked at the same instant as the stored one replaces it: it was recorded later.
  private static final String UPSERT_LATEST =
      "INSERT INTO check_latest ("
          + COLUMNS
          + ") VALUES ("
          + PARAMETERS
          + ")"
          + " ON CONFLICT (asset, check_name, partition_key) DO UPDATE SET"
          + " run_id = excluded.run_id, status = excluded.status, severity = excluded.severity,"
          + " observed = excluded.observed, expected = excluded.expected,"
          + " sample = excluded.sample, message = excluded.message,"
          + " checked_at = excluded.checked_at"
          + " WHERE excluded.checked_at >= check_latest.checked_at";
  private static final String RESULTS_OF_RUN =
      "SELECT " + COLUMNS + " FROM check_results WHERE run_id = ? ORDER BY id";
  private static final String SELECT_LATEST = "SELECT " + COLUMNS + " FROM check_latest";
  private static final String SELECT_LATEST_OF_ASSETS =
      SELECT_LATEST
          + " WHERE asset IN ("
          + String.join(", ", Collections.nCopies(ASSETS_PER_QUERY, "?"))
          + ")";

  // Answered from the (asset, check_name, severity, status) index of V12 alone, without reading
  // the rows' messages and samples.
  private static final String TALLY_LATEST =
      "SELECT asset, check_name, severity, status, count(*) FROM check_latest"
          + " GROUP BY asset, check_name, severity, status";

  private static final String TALLY_LATEST_OF_ASSETS =
      "SELECT asset, check_name, severity, status, count(*) FROM check_latest WHERE asset IN ("
          + String.join(", ", Collections.nCopies(ASSETS_PER_QUERY, "?"))
          + ") GROUP BY asset, check_name, severity, status";

  // Answered from the index of V13, whose first column is the status, without reading the rows.
  private static final String COUNT_LATEST_BY_STATUS =
      "SELECT status, count(*) FROM check_latest GROUP BY status";

  /**
   * {@link io.tidemark.core.quality.check.CheckResultService#FAILURES_FIRST}'s groups, most urgent
   * first: the statuses of one group are ordered together by time, asset, check and partition.
   */
  private static final List<List<CheckStatus>> URGENCY =
      List.of(
          List.of(CheckStatus.ERROR, CheckStatus.FAIL),
          List.of(CheckStatus.WARN),
          List.of(CheckStatus.SKIPPED),
          List.of(CheckStatus.PASS));

  private CheckResultTables() {}

  /**
   * Appends the results to the history, in order, and makes each the latest of its asset, check and
   * partition unless a result checked later is stored or comes later in {@code results}.
   */
  static void record(Statements statements, List<CheckResult> results) throws SQLException {
    PreparedStatement insert = statements.prepare(INSERT_RESULT);
    for (int i = 0; i < results.size(); i++) {
      bind(insert, results.get(i));
      insert.addBatch();
      if ((i + 1) % RESULTS_PER_BATCH == 0 || i == results.size() - 1) {
        insert.executeBatch();
      }
    }
    // Each key is written once: the table then gets one write per key, and no batch holds the
    // same key twice (which a driver rewriting batches into one multi-row insert would refuse).
    List<CheckResult> latest = latestOf(results);
    PreparedStatement upsert = statements.prepare(UPSERT_LATEST);
    for (int i = 0; i < latest.size(); i++) {
      bind(upsert, latest.get(i));
      upsert.addBatch();
      if ((i + 1) % RESULTS_PER_BATCH == 0 || i == latest.size() - 1) {
        upsert.executeBatch();
      }
    }
    Generations.bump(statements, Generations.CHECK_LATEST);
  }

  /** Of each asset, check and partition, its result that the store would keep as latest. */
  private static List<CheckResult> latestOf(List<CheckResult> results) {
    Map<Key, CheckResult> latest = new LinkedHashMap<>();
    for (CheckResult result : results) {
      // Compared as stored, to the millisecond: within one, the later in the list wins.
      latest.merge(
          new Key(result.asset().toString(), result.check(), result.partition()),
          result,
          (kept, later) -> millis(later.checkedAt()) >= millis(kept.checkedAt()) ? later : kept);
    }
    return new ArrayList<>(latest.values());
  }

  private record Key(String asset, String check, String partition) {}

  static List<CheckResult> ofRun(Statements statements, long runId) throws SQLException {
    PreparedStatement query = statements.prepare(RESULTS_OF_RUN);
    query.setLong(1, runId);
    List<CheckResult> results = new ArrayList<>();
    read(query, new Rows.AssetNames(), results);
    return results;
  }

  /** The latest results of the given assets, without duplicates; of every asset when none. */
  static List<CheckResult> latestOfAssets(Statements statements, List<String> assets)
      throws SQLException {
    Rows.AssetNames names = new Rows.AssetNames();
    List<CheckResult> results = new ArrayList<>();
    if (assets.isEmpty()) {
      read(statements.prepare(SELECT_LATEST), names, results);
      return results;
    }
    // As PartitionStateTable.ofAssets: one fixed-size statement for every chunk, the last chunk
    // repeating its final asset to fill the unused parameters.
    PreparedStatement query = statements.prepare(SELECT_LATEST_OF_ASSETS);
    for (int start = 0; start < assets.size(); start += ASSETS_PER_QUERY) {
      List<String> chunk = assets.subList(start, Math.min(start + ASSETS_PER_QUERY, assets.size()));
      for (int i = 0; i < ASSETS_PER_QUERY; i++) {
        query.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
      }
      read(query, names, results);
    }
    return results;
  }

  /** The latest results of every asset, counted by asset, check, severity and status. */
  static List<CheckTally> tallyLatest(Statements statements) throws SQLException {
    Rows.AssetNames names = new Rows.AssetNames();
    List<CheckTally> tallies = new ArrayList<>();
    readTallies(statements.prepare(TALLY_LATEST), names, tallies);
    return tallies;
  }

  /**
   * {@link #tallyLatest} of the given assets, a hundred assets a query, each read from V12's index
   * through its asset prefix.
   */
  static List<CheckTally> tallyLatestOfAssets(Statements statements, List<String> assets)
      throws SQLException {
    PreparedStatement query = statements.prepare(TALLY_LATEST_OF_ASSETS);
    Rows.AssetNames names = new Rows.AssetNames();
    List<CheckTally> tallies = new ArrayList<>();
    for (int start = 0; start < assets.size(); start += ASSETS_PER_QUERY) {
      List<String> chunk = assets.subList(start, Math.min(start + ASSETS_PER_QUERY, assets.size()));
      for (int i = 0; i < ASSETS_PER_QUERY; i++) {
        query.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
      }
      readTallies(query, names, tallies);
    }
    return tallies;
  }

  private static void readTallies(
      PreparedStatement query, Rows.AssetNames names, List<CheckTally> tallies)
      throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        tallies.add(
            new CheckTally(
                names.parse(rows.getString(1)),
                rows.getString(2),
                rows.getString(3),
                CheckStatus.valueOf(rows.getString(4)),
                rows.getLong(5)));
      }
    }
  }

  /** The latest results of every asset, counted by status. */
  static Map<CheckStatus, Long> countLatest(Statements statements) throws SQLException {
    Map<CheckStatus, Long> counts = new EnumMap<>(CheckStatus.class);
    try (ResultSet rows = statements.prepare(COUNT_LATEST_BY_STATUS).executeQuery()) {
      while (rows.next()) {
        counts.put(CheckStatus.valueOf(rows.getString(1)), rows.getLong(2));
      }
    }
    return counts;
  }

  /**
   * A page of the latest results of every asset, failures first: group by group of {@link
   * #URGENCY}, the groups before the page skipped by their {@code counts} (of {@link
   * #countLatest}), each group read in order from the index of V13 (status, then the order within a
   * group), so a page reads its own rows and the index entries before them in its group, never the
   * whole table.
   */
  static CheckPage pageLatest(
      Statements statements,
      Dialect dialect,
      Map<CheckStatus, Long> counts,
      Set<CheckStatus> statuses,
      int offset,
      int limit)
      throws SQLException {
    List<CheckResult> results = new ArrayList<>();
    long skip = offset;
    Rows.AssetNames names = new Rows.AssetNames();
    for (List<CheckStatus> group : URGENCY) {
      if (results.size() >= limit) {
        break;
      }
      List<CheckStatus> wanted =
          group.stream().filter(s -> statuses.isEmpty() || statuses.contains(s)).toList();
      long inGroup = wanted.stream().mapToLong(s -> counts.getOrDefault(s, 0L)).sum();
      if (inGroup <= skip) {
        skip -= inGroup;
        continue;
      }
      PreparedStatement query =
          statements.prepare(
              SELECT_LATEST
                  + " WHERE status IN ("
                  + String.join(", ", Collections.nCopies(wanted.size(), "?"))
                  + ") ORDER BY checked_at DESC, "
                  + dialect.binaryText("asset")
                  + ", "
                  + dialect.binaryText("check_name")
                  + ", "
                  + dialect.binaryText("partition_key")
                  + " DESC LIMIT ? OFFSET ?");
      int parameter = 1;
      for (CheckStatus status : wanted) {
        query.setString(parameter++, status.name());
      }
      query.setInt(parameter++, limit - results.size());
      query.setLong(parameter, skip);
      read(query, names, results);
      skip = 0;
    }
    return new CheckPage(counts, results);
  }

  private static void read(PreparedStatement query, Rows.AssetNames names, List<CheckResult> into)
      throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        into.add(
            new CheckResult(
                rows.getLong("run_id"),
                names.parse(rows.getString("asset")),
                rows.getString("check_name"),
                rows.getString("partition_key"),
                CheckStatus.valueOf(rows.getString("status")),
                rows.getString("severity"),
                rows.getString("observed"),
                rows.getString("expected"),
                decodeSample(rows.getString("sample")),
                rows.getString("message"),
                instant(rows.getLong("checked_at"))));
      }
    }
  }

  private static void bind(PreparedStatement statement, CheckResult result) throws SQLException {
    statement.setLong(1, result.runId());
    statement.setString(2, result.asset().toString());
    statement.setString(3, result.check());
    statement.setString(4, result.partition());
    statement.setString(5, result.status().name());
    statement.setString(6, result.severity());
    statement.setString(7, result.observed());
    statement.setString(8, result.expected());
    statement.setString(9, encodeSample(result.sample()));
    statement.setString(10, result.message());
    statement.setLong(11, millis(result.checkedAt()));
  }

  /** The sample rows in one column; {@link #decodeSample} gives them back exactly. */
  static String encodeSample(List<String> rows) {
    StringBuilder encoded = new StringBuilder();
    for (String row : rows) {
      for (int i = 0; i < row.length(); i++) {
        char c = row.charAt(i);
        switch (c) {
          case ESCAPE -> encoded.append(ESCAPE).append(ESCAPE);
          case ROW_END -> encoded.append(ESCAPE).append('n');
          case '\0' -> encoded.append(ESCAPE).append('0');
          default -> encoded.append(c);
        }
      }
      encoded.append(ROW_END);
    }
    return encoded.toString();
  }

  /**
   * The sample rows of a column {@link #encodeSample} wrote.
   *
   * @throws SQLException when the column is not such a value
   */
  static List<String> decodeSample(String encoded) throws SQLException {
    List<String> rows = new ArrayList<>();
    StringBuilder row = new StringBuilder();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == ROW_END) {
        rows.add(row.toString());
        row.setLength(0);
      } else if (c != ESCAPE) {
        row.append(c);
      } else if (i + 1 < encoded.length()) {
        char escaped = encoded.charAt(++i);
        switch (escaped) {
          case ESCAPE -> row.append(ESCAPE);
          case 'n' -> row.append(ROW_END);
          case '0' -> row.append('\0');
          default -> throw corruptSample("an unknown escape \\" + escaped);
        }
      } else {
        throw corruptSample("a trailing backslash");
      }
    }
    if (row.length() > 0) {
      throw corruptSample("an unterminated row");
    }
    return rows;
  }

  private static SQLException corruptSample(String problem) {
    return new SQLException("corrupt check result sample: " + problem);
  }
}
