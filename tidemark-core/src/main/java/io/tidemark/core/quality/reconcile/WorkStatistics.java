package io.tidemark.core.quality.reconcile;

/**
 * What a reconciliation cost: statements sent to each side and table rows brought back from it. The
 * join runs in the left side's session, so its one query counts there.
 *
 * @param leftQueries statements run against the left side, metadata lookups included
 * @param rightQueries statements run against the right side
 * @param leftRowsFetched rows read back from the left side: the join's mismatch rows, or the rows
 *     of the segments a bisection fetched
 * @param rightRowsFetched rows read back from the right side
 * @param segmentsCompared segment pairs whose counts and hash sums a bisection compared
 * @param levels levels a bisection descended (0 for a join)
 */
public record WorkStatistics(
    long leftQueries,
    long rightQueries,
    long leftRowsFetched,
    long rightRowsFetched,
    long segmentsCompared,
    int levels) {
  public long queries() {
    return leftQueries + rightQueries;
  }

  public long rowsFetched() {
    return leftRowsFetched + rightRowsFetched;
  }
}
