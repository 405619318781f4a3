package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.quality.reconcile.Reconciliation.Side;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reconciles two tables that need not share a warehouse by checksum bisection: both sides aggregate
 * their rows into segments (row count and sum of row hashes each), and only segments whose
 * aggregates differ are split further, until they are small enough to fetch and compare row by row.
 * When the sides mostly agree, the rows fetched are a small multiple of the differences, however
 * large the tables.
 *
 * <p><b>Segments are buckets of a hash of the key</b>, not ranges of the key: at level {@code d} a
 * row's segment is {@code keyHash mod splitFactor^d}, so each segment's children at the next level
 * are the {@code splitFactor} residues that reduce to it. Hash buckets split any key type (text,
 * dates, composite keys, NULLs) into near-equal parts with one aggregate query per side per level,
 * and no range bounds need agreeing on beforehand, whereas key ranges would need quantiles of a
 * skewed or composite key from both sides first. A key's rows always land in the same segment on
 * both sides, because the key hash is computed from canonical values (see {@link ReconcileSql}).
 *
 * <p>A segment is fetched when it holds at most {@link ReconcileOptions#rowThreshold()} rows on
 * each side, when its rows share one key hash on each side (splitting cannot separate them), or at
 * the deepest level, where {@code splitFactor^d} would pass 2^62. So the recursion ends after at
 * most that many levels whatever the data.
 *
 * <p><b>Tolerance.</b> Hashes are exact, so a tolerant numeric column is hashed as its tolerance
 * bucket {@code floor(value / tolerance)}: values equal within the tolerance usually share a
 * bucket, and values further apart than the tolerance cannot (short of rounding in the division
 * when they differ by the tolerance plus a few units in the last place of a double). Two close
 * values either side of a bucket edge make their segment differ; it is then fetched, and the row
 * comparison, which applies the tolerance itself, finds the rows equal. The edge costs extra work,
 * not a wrong answer.
 *
 * <p><b>Duplicated keys</b> are reported as {@link Mismatch.Kind#DUPLICATE_KEY}, like the join
 * does: a segment whose rows outnumber its distinct key hashes on either side never agrees, so it
 * is always looked into.
 *
 * <p>It is meant for sides that mostly agree. When most rows differ, each level lists many segments
 * (in its queries' {@code IN} lists) and the fetches approach the tables' sizes; a join, after
 * copying one side over, is then the better tool.
 *
 * <p>Segment sums can collide, as any checksum can: with 64-bit row hashes summed exactly, two
 * different segments agree by chance about once in 2^64. Both sides must be engines that hash
 * alike, which one {@link ReconcileSql} guarantees.
 */
public final class BisectionReconciler {
  /** About the most rows one fetch brings back, bounding memory when many segments differ. */
  static final long FETCH_BATCH_ROWS = 100_000;

  private static final long MAX_MODULUS = 1L << 62;

  private record Segment(long id, long rows) {}

  private final ReconcileSql sql;
  private final ColumnResolver resolver;

  public BisectionReconciler(ReconcileSql sql) {
    this.sql = requireNonNull(sql, "sql is null");
    this.resolver = new ColumnResolver(sql);
  }

  /** Compares {@code left} with {@code right}, each in its own session (or the same one). */
  public ReconciliationResult reconcile(
      ReconcileSide left, ReconcileSide right, ReconcileOptions options) {
    requireNonNull(options, "options is null");
    WorkCounter work = new WorkCounter();
    Reconciliation reconciliation = resolver.resolve(left, right, options.tolerance(), work);
    RowDiff diff =
        new RowDiff(
            reconciliation.keys().size(),
            reconciliation.compared().stream().map(ColumnPair::left).toList(),
            new ValueTolerance(options.tolerance()));
    MismatchCollector mismatches = new MismatchCollector(options.maxMismatches());
    int factor = options.splitFactor();
    int deepest = deepestLevel(factor);
    long parentModulus = 1;
    List<Long> parents = List.of();
    long leftRows = 0;
    long rightRows = 0;
    for (int level = 1; ; level++) {
      long modulus = parentModulus * factor;
      work.level(level);
      Map<Long, SegmentSummary> leftSegments =
          summaries(reconciliation, Side.LEFT, modulus, parentModulus, parents, work);
      Map<Long, SegmentSummary> rightSegments =
          summaries(reconciliation, Side.RIGHT, modulus, parentModulus, parents, work);
      if (level == 1) {
        leftRows = total(leftSegments);
        rightRows = total(rightSegments);
      }
      TreeSet<Long> ids = new TreeSet<>(leftSegments.keySet());
      ids.addAll(rightSegments.keySet());
      work.compared(ids.size());
      List<Segment> fetch = new ArrayList<>();
      List<Long> split = new ArrayList<>();
      for (long id : ids) {
        SegmentSummary l = leftSegments.getOrDefault(id, SegmentSummary.EMPTY);
        SegmentSummary r = rightSegments.getOrDefault(id, SegmentSummary.EMPTY);
        if (l.agrees(r)) {
          continue;
        }
        long rows = Math.max(l.rows(), r.rows());
        if (rows <= options.rowThreshold() || level == deepest || l.indivisible(r)) {
          fetch.add(new Segment(id, rows));
        } else {
          split.add(id);
        }
      }
      fetchAndCompare(reconciliation, modulus, fetch, diff, mismatches, work);
      if (split.isEmpty()) {
        return mismatches.result(leftRows, rightRows, work.statistics());
      }
      parentModulus = modulus;
      parents = split;
    }
  }

  /** The deepest level whose modulus, {@code factor^level}, stays within 2^62. */
  static int deepestLevel(int factor) {
    int level = 0;
    for (long modulus = 1; modulus <= MAX_MODULUS / factor; modulus *= factor) {
      level++;
    }
    return level;
  }

  private Map<Long, SegmentSummary> summaries(
      Reconciliation reconciliation,
      Side side,
      long modulus,
      long parentModulus,
      List<Long> parents,
      WorkCounter work) {
    String query = sql.segments(reconciliation, side, modulus, parentModulus, parents);
    Map<Long, SegmentSummary> summaries = new HashMap<>();
    for (List<Object> row : work.query(reconciliation.side(side), side, query).rows()) {
      summaries.put(((Number) row.get(0)).longValue(), SegmentSummary.of(row));
    }
    return summaries;
  }

  private void fetchAndCompare(
      Reconciliation reconciliation,
      long modulus,
      List<Segment> segments,
      RowDiff diff,
      MismatchCollector mismatches,
      WorkCounter work) {
    List<Long> batch = new ArrayList<>();
    long batchRows = 0;
    for (Segment segment : segments) {
      if (!batch.isEmpty() && batchRows + segment.rows() > FETCH_BATCH_ROWS) {
        compare(reconciliation, modulus, batch, diff, mismatches, work);
        batch = new ArrayList<>();
        batchRows = 0;
      }
      batch.add(segment.id());
      batchRows += segment.rows();
    }
    if (!batch.isEmpty()) {
      compare(reconciliation, modulus, batch, diff, mismatches, work);
    }
  }

  private void compare(
      Reconciliation reconciliation,
      long modulus,
      List<Long> segments,
      RowDiff diff,
      MismatchCollector mismatches,
      WorkCounter work) {
    diff.diff(
        rows(reconciliation, Side.LEFT, modulus, segments, work),
        rows(reconciliation, Side.RIGHT, modulus, segments, work),
        mismatches);
  }

  private List<List<Object>> rows(
      Reconciliation reconciliation,
      Side side,
      long modulus,
      List<Long> segments,
      WorkCounter work) {
    List<List<Object>> rows =
        work.query(
                reconciliation.side(side), side, sql.rows(reconciliation, side, modulus, segments))
            .rows();
    work.fetched(side, rows.size());
    return rows;
  }

  private static long total(Map<Long, SegmentSummary> segments) {
    return segments.values().stream().mapToLong(SegmentSummary::rows).sum();
  }
}
