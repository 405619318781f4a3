package io.tidemark.store;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.AttemptUsage;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.store.StoreConnection.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What attempts used, summed in the database for cost reports: the attempts of the runs started in
 * a period, read through the runs' start index and the attempts' run index, come back as one row
 * per asset, day or partition instead of one per attempt. The same SQL on SQLite and PostgreSQL.
 */
final class AttemptUsageTable {
  private static final long DAY_MILLIS = 86_400_000L;

  /** Slots of the smallest exclusion list: lists grow by doubling, so few statements are cached. */
  private static final int MIN_EXCLUDED_SLOTS = 8;

  // CASE rather than max(a, b) / greatest(a, b): SQLite and PostgreSQL spell those differently.
  private static final String SUMS =
      "count(*), sum(CASE WHEN a.engine_cpu_ms > a.cpu_ms THEN a.engine_cpu_ms ELSE a.cpu_ms END),"
          + " sum(a.bytes_scanned), sum(a.bytes_written)";

  private static final String REPAIR =
      "CASE WHEN r.trigger IN ('"
          + RunTrigger.REPAIR.name()
          + "', '"
          + RunTrigger.BACKFILL.name()
          + "') THEN 1 ELSE 0 END";

  private static final String ATTEMPTS_OF_PERIOD =
      " FROM runs r JOIN task_attempts a ON a.run_id = r.id"
          + " WHERE r.started_at >= ? AND r.started_at < ? AND a.status <> '"
          + TaskStatus.SKIPPED.name()
          + "' AND a.asset NOT IN (";

  private AttemptUsageTable() {}

  static List<AttemptUsage> usage(
      Statements statements, long from, long until, AttemptUsage.By by, List<String> excluded)
      throws SQLException {
    String key = by == AttemptUsage.By.DAY ? "r.started_at / " + DAY_MILLIS : "a.asset";
    int slots = slots(excluded.size());
    PreparedStatement query =
        statements.prepare(
            "SELECT "
                + key
                + ", "
                + REPAIR
                + ", "
                + SUMS
                + ATTEMPTS_OF_PERIOD
                + placeholders(slots)
                + ") GROUP BY 1, 2");
    bindPeriod(query, from, until, excluded, slots);
    List<AttemptUsage> usage = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        String group =
            by == AttemptUsage.By.DAY
                ? LocalDate.ofEpochDay(rows.getLong(1)).toString()
                : rows.getString(1);
        usage.add(
            new AttemptUsage(
                group,
                "",
                rows.getInt(2) == 1,
                rows.getLong(3),
                rows.getLong(4),
                rows.getLong(5),
                rows.getLong(6)));
      }
    }
    return usage;
  }

  static List<AttemptUsage> costliestPartitions(
      Statements statements,
      Dialect dialect,
      long from,
      long until,
      List<String> excluded,
      double perComputeMilli,
      double perByteScanned,
      double perByteWritten,
      int limit)
      throws SQLException {
    int slots = slots(excluded.size());
    // The weights multiply sums cast to floating point: PostgreSQL sums BIGINT as NUMERIC.
    PreparedStatement query =
        statements.prepare(
            "SELECT a.asset, a.partition_key, "
                + SUMS
                + ATTEMPTS_OF_PERIOD
                + placeholders(slots)
                + ") GROUP BY a.asset, a.partition_key ORDER BY CAST(sum(CASE WHEN a.engine_cpu_ms"
                + " > a.cpu_ms THEN a.engine_cpu_ms ELSE a.cpu_ms END) AS DOUBLE PRECISION) * ?"
                + " + CAST(sum(a.bytes_scanned) AS DOUBLE PRECISION) * ?"
                + " + CAST(sum(a.bytes_written) AS DOUBLE PRECISION) * ? DESC, "
                + dialect.binaryText("a.asset")
                + ", "
                + dialect.binaryText("a.partition_key")
                + " LIMIT ?");
    int next = bindPeriod(query, from, until, excluded, slots);
    query.setDouble(next++, perComputeMilli);
    query.setDouble(next++, perByteScanned);
    query.setDouble(next++, perByteWritten);
    query.setInt(next, limit);
    List<AttemptUsage> usage = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        usage.add(
            new AttemptUsage(
                rows.getString(2),
                rows.getString(1),
                false,
                rows.getLong(3),
                rows.getLong(4),
                rows.getLong(5),
                rows.getLong(6)));
      }
    }
    return usage;
  }

  static Map<AssetName, Long> storedBytes(Statements statements) throws SQLException {
    PreparedStatement query =
        statements.prepare("SELECT asset, sum(bytes_written) FROM partition_states GROUP BY asset");
    Map<AssetName, Long> bytes = new HashMap<>();
    Rows.AssetNames names = new Rows.AssetNames();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        bytes.put(names.parse(rows.getString(1)), rows.getLong(2));
      }
    }
    return bytes;
  }

  /** Binds the period and the excluded assets; returns the next parameter's index. */
  private static int bindPeriod(
      PreparedStatement query, long from, long until, List<String> excluded, int slots)
      throws SQLException {
    query.setLong(1, from);
    query.setLong(2, until);
    for (int i = 0; i < slots; i++) {
      // Unused slots hold the empty text, which no asset is called.
      query.setString(3 + i, i < excluded.size() ? excluded.get(i) : "");
    }
    return 3 + slots;
  }

  private static int slots(int excluded) {
    int slots = MIN_EXCLUDED_SLOTS;
    while (slots < excluded) {
      slots *= 2;
    }
    return slots;
  }

  private static String placeholders(int slots) {
    return String.join(", ", Collections.nCopies(slots, "?"));
  }

  /** Epoch milliseconds of an instant, the latest instants held at the largest. */
  static long millis(Instant instant) {
    return instant.equals(Instant.MAX) || instant.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))
        ? Long.MAX_VALUE
        : instant.toEpochMilli();
  }
}
