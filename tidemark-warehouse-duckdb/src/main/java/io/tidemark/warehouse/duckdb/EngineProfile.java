package io.tidemark.warehouse.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.warehouse.EngineUsage;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.duckdb.ProfilerPrintFormat;

/**
 * DuckDB's own account of a statement, from its query profiler. Profiling stays on for the whole
 * session and prints nothing; right after a write's main statement (before its transaction's
 * COMMIT, which would be profiled in its place) the session asks for that statement's profile
 * (DuckDB keeps the latest one per connection) and keeps four figures of it. Switching the profiler
 * on around the main statement alone was measured and cost more than it saved (see BENCHMARKS.md).
 *
 * <p>Rows and bytes scanned are summed over the operators that scan (every operator that reports
 * {@code rows_scanned}): the bytes are the size of the columns they produced, uncompressed, which
 * is what a query over a table costs whether its blocks were cached or read from disk ({@code
 * io.total_bytes_read} counts disk reads alone, and is 0 for a cached or in-memory table).
 *
 * <p>The profiler tracks only the metrics read here ({@link #TRACKED}). By default it also times
 * every optimizer pass, the planner and each operator of every statement of the session, and prints
 * all of that into the profile: a profile five times the size, read and parsed after every write
 * (see BENCHMARKS.md, "Resource collection per attempt").
 */
final class EngineProfile {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * {@code -Dtidemark.engine.profile=false} leaves the profiler off in the sessions opened after it
   * is set: their engine figures are 0. For measuring what profiling costs, and as a way out should
   * a DuckDB version misbehave.
   */
  static final String SWITCH = "tidemark.engine.profile";

  /**
   * The metrics {@link #parse} reads, as DuckDB's {@code tracked_metrics} names them: the query's
   * CPU time and rows scanned, the peak buffer memory, and each operator's rows scanned and output
   * size (the scans' output is the bytes scanned).
   */
  static final String TRACKED =
      "['query.cpu_time', 'query.total_rows_scanned', 'system.peak_buffer_memory',"
          + " 'operator.rows_scanned', 'operator.intermediate_size_bytes']";

  private EngineProfile() {}

  /**
   * Turns the profiler on for one connection, silent and for writes as well as queries, unless
   * switched off; says whether it did.
   */
  static boolean enable(DuckDBConnection connection) throws SQLException {
    if ("false".equalsIgnoreCase(System.getProperty(SWITCH, "true"))) {
      return false;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET enable_profiling = 'no_output'");
      statement.execute("SET profiling_coverage = 'ALL'");
      try {
        statement.execute("SET tracked_metrics = " + TRACKED);
      } catch (SQLException older) {
        // A DuckDB before tracked_metrics profiles everything; the figures read are the same.
      }
    }
    return true;
  }

  /** The latest statement's usage on this connection; {@link EngineUsage#NONE} when unknown. */
  static EngineUsage latest(DuckDBConnection connection) throws SQLException {
    String profile = connection.getProfilingInformation(ProfilerPrintFormat.JSON);
    if (profile == null || profile.isBlank()) {
      return EngineUsage.NONE;
    }
    return parse(profile);
  }

  static EngineUsage parse(String profile) {
    JsonNode root;
    try {
      root = JSON.readTree(profile);
    } catch (IOException e) {
      // The profile is a diagnostic: a format this version cannot read costs the figures only.
      return EngineUsage.NONE;
    }
    long[] scanned = new long[2];
    for (JsonNode operator : root.path("operator")) {
      addScans(operator, scanned);
    }
    JsonNode query = root.path("query");
    long rowsRead = Math.max(scanned[0], query.path("total_rows_scanned").asLong(0));
    long cpuMillis = Math.round(query.path("cpu_time").asDouble(0) * 1000);
    long peak = root.path("system").path("peak_buffer_memory").asLong(0);
    return new EngineUsage(
        Math.max(0, rowsRead), Math.max(0, scanned[1]), Math.max(0, cpuMillis), Math.max(0, peak));
  }

  private static void addScans(JsonNode operator, long[] scanned) {
    if (operator.has("rows_scanned")) {
      scanned[0] += operator.path("rows_scanned").asLong(0);
      scanned[1] += operator.path("intermediate_size_bytes").asLong(0);
    }
    for (JsonNode child : operator.path("children")) {
      addScans(child, scanned);
    }
  }
}
