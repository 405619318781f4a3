package io.tidemark.core.quality.reconcile;

import io.tidemark.core.quality.reconcile.Reconciliation.Side;
import io.tidemark.core.warehouse.QueryResult;

/** Runs one reconciliation's statements against its sides and counts what they cost. */
final class WorkCounter {
  private final long[] queries = new long[Side.values().length];
  private final long[] rowsFetched = new long[Side.values().length];
  private long segmentsCompared;
  private int levels;

  /** Runs a query and returns all its rows; count them as fetched with {@link #fetched}. */
  QueryResult query(ReconcileSide side, Side which, String sql) {
    queries[which.ordinal()]++;
    return side.session().query(sql, Integer.MAX_VALUE);
  }

  /** Counts rows brought back from a side for comparison or listing. */
  void fetched(Side which, long rows) {
    rowsFetched[which.ordinal()] += rows;
  }

  void execute(ReconcileSide side, Side which, String sql) {
    queries[which.ordinal()]++;
    side.session().execute(sql);
  }

  boolean exists(ReconcileSide side, Side which) {
    queries[which.ordinal()]++;
    return side.session().exists(side.table());
  }

  void compared(int segments) {
    segmentsCompared += segments;
  }

  void level(int depth) {
    levels = Math.max(levels, depth);
  }

  WorkStatistics statistics() {
    return new WorkStatistics(
        queries[Side.LEFT.ordinal()],
        queries[Side.RIGHT.ordinal()],
        rowsFetched[Side.LEFT.ordinal()],
        rowsFetched[Side.RIGHT.ordinal()],
        segmentsCompared,
        levels);
  }
}
