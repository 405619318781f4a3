package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.Reconciliation.Side;
import io.tidemark.core.warehouse.SqlDialect;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The reconciliation SQL that engines share: the join, its report and the bisection's aggregates,
 * written once over the few things engines spell differently (canonical types, hashes, lists, the
 * first value of a group, replacing a table). An engine's {@link ReconcileSql} extends this.
 *
 * <p>Internally each side's rows are projected to positional names ({@code k0…}, {@code v0…}), so
 * that no column name, however odd, can clash with the query's own. Every NULL of the report is
 * typed, so that engines which read an untyped NULL as text unite the report's rows too.
 */
public abstract class ReconcileQueries implements ReconcileSql {
  private final SqlDialect sql;

  protected ReconcileQueries(SqlDialect sql) {
    this.sql = requireNonNull(sql, "sql is null");
  }

  /** How the pair is read on this engine. */
  protected abstract CanonicalColumn canonical(ColumnPair pair);

  /**
   * A 64-bit hash of the values, all of which it depends on; keys and rows hash differently ({@code
   * key}), so that a row of key columns alone does not hash as its key.
   */
  protected abstract String hash(List<String> values, boolean key);

  /** The segment of a key hash: its non-negative remainder modulo {@code modulus}, a BIGINT. */
  protected abstract String segment(String keyHash, long modulus);

  /** The sum of a column of row hashes, exact (it may exceed 64 bits), as text. */
  protected abstract String hashSum(String rowHash);

  /** An aggregate: the value of {@code column} in one row of the group. */
  protected abstract String firstValue(String column);

  /** A list of text holding the given text values that are not NULL; possibly none. */
  protected abstract String textList(List<String> values);

  /** Whether the list holds the text value. */
  protected abstract String listContains(String list, String value);

  /** The statements that make {@code table} hold the result of {@code query}, replacing it. */
  protected abstract List<String> replaceTable(AssetName table, String query);

  /**
   * For an engine that cannot run a full outer join on {@code IS NOT DISTINCT FROM}: one value
   * standing for the key columns, equal exactly when the keys are equal, NULLs included; the sides
   * are then joined on it with {@code =}. Empty (the default) joins on the key columns themselves.
   */
  protected Optional<String> joinKey(List<String> keyColumns) {
    return Optional.empty();
  }

  /**
   * What makes the join's CTE of mismatches computed once though the report reads it twice: {@code
   * MATERIALIZED } (the default), or nothing for an engine that has no such keyword.
   */
  protected String materializedCte() {
    return "MATERIALIZED ";
  }

  protected final SqlDialect dialect() {
    return sql;
  }

  @Override
  public String joinReport(Reconciliation reconciliation, int maxMismatches) {
    return "WITH "
        + mismatchesCte(reconciliation, true)
        + " "
        + report(reconciliation, maxMismatches);
  }

  @Override
  public List<String> writeMismatches(Reconciliation reconciliation, AssetName resultTable) {
    List<String> columns = new ArrayList<>();
    each(reconciliation.keys(), (i, pair) -> columns.add("k" + i + " AS " + name(pair.left())));
    columns.add("kind AS mismatch_kind");
    columns.add("left_rows");
    columns.add("right_rows");
    columns.add("differing AS differing_columns");
    each(
        reconciliation.compared(),
        (i, pair) -> {
          columns.add("l" + i + " AS " + name("left_" + pair.left()));
          columns.add("r" + i + " AS " + name("right_" + pair.left()));
        });
    return replaceTable(
        resultTable,
        "WITH "
            + mismatchesCte(reconciliation, false)
            + " SELECT "
            + String.join(", ", columns)
            + " FROM mismatches ORDER BY "
            + keyOrder(reconciliation));
  }

  @Override
  public String tableReport(
      Reconciliation reconciliation, AssetName resultTable, int maxMismatches) {
    List<String> columns = new ArrayList<>();
    each(reconciliation.keys(), (i, pair) -> columns.add(name(pair.left()) + " AS k" + i));
    columns.add("mismatch_kind AS kind");
    columns.add("left_rows");
    columns.add("right_rows");
    columns.add("differing_columns AS differing");
    each(
        reconciliation.compared(),
        (i, pair) -> {
          columns.add(name("left_" + pair.left()) + " AS l" + i);
          columns.add(name("right_" + pair.left()) + " AS r" + i);
        });
    return "WITH mismatches AS (SELECT "
        + String.join(", ", columns)
        + " FROM "
        + sql.relation(resultTable)
        + ") "
        + report(reconciliation, maxMismatches);
  }

  @Override
  public String segments(
      Reconciliation reconciliation,
      Side side,
      long modulus,
      long parentModulus,
      Collection<Long> parents) {
    ReconcileSide source = reconciliation.side(side);
    List<CanonicalColumn> keys = canonical(reconciliation.keys());
    List<CanonicalColumn> compared = canonical(reconciliation.compared());
    List<String> hashed = new ArrayList<>();
    keys.forEach(key -> hashed.add(key.value(side)));
    compared.forEach(column -> hashed.add(column.hashed(side, reconciliation.tolerance())));
    String rows =
        "SELECT "
            + keyHash(keys, side)
            + " AS key_hash, "
            + hash(hashed, false)
            + " AS row_hash FROM "
            + sql.relation(source.table())
            + where(source.filter());
    return "SELECT "
        + segment("key_hash", modulus)
        + " AS segment, count(*) AS row_count, "
        + hashSum("row_hash")
        + " AS hash_sum, count(DISTINCT key_hash) AS key_count FROM ("
        + rows
        + ") AS hashed"
        + (parents.isEmpty()
            ? ""
            : " WHERE " + segment("key_hash", parentModulus) + " IN " + list(parents))
        + " GROUP BY 1";
  }

  @Override
  public String rows(
      Reconciliation reconciliation, Side side, long modulus, Collection<Long> segments) {
    ReconcileSide source = reconciliation.side(side);
    List<CanonicalColumn> keys = canonical(reconciliation.keys());
    String inSegments = segment(keyHash(keys, side), modulus) + " IN " + list(segments);
    return sideRows(reconciliation, side)
        + (source.filter().isEmpty() ? " WHERE " : " AND ")
        + inSegments;
  }

  /**
   * The CTEs ending in {@code mismatches}: per key its row counts on both sides, the canonical
   * values of its first row on each ({@code l<i>}, {@code r<i>}), its kind, and the left names of
   * the compared columns that differ ({@code differing}).
   */
  private String mismatchesCte(Reconciliation reconciliation, boolean materialized) {
    List<CanonicalColumn> compared = canonical(reconciliation.compared());
    String keys = positional("k", reconciliation.keys().size());
    String firstValues = joined(compared.size(), i -> ", " + firstValue("v" + i) + " AS v" + i, "");
    Optional<String> joinKey =
        joinKey(IntStream.range(0, reconciliation.keys().size()).mapToObj(i -> "k" + i).toList());
    String joinOn =
        joinKey.isPresent()
            ? "lg.join_key = rg.join_key"
            : joined(
                reconciliation.keys().size(),
                i -> "lg.k" + i + " IS NOT DISTINCT FROM rg.k" + i,
                " AND ");
    String joinColumn = joinKey.map(key -> ", " + key + " AS join_key").orElse("");
    String pairedKeys =
        joined(
            reconciliation.keys().size(),
            i -> "coalesce(lg.k" + i + ", rg.k" + i + ") AS k" + i,
            ", ");
    String pairedValues =
        joined(compared.size(), i -> ", lg.v" + i + " AS l" + i + ", rg.v" + i + " AS r" + i, "");
    String differs =
        joined(
            compared.size(),
            i ->
                ", left_rows = 1 AND right_rows = 1 AND "
                    + compared.get(i).differs("l" + i, "r" + i, reconciliation.tolerance())
                    + " AS d"
                    + i,
            "");
    List<String> differingNames = new ArrayList<>();
    for (int i = 0; i < compared.size(); i++) {
      differingNames.add(
          "CASE WHEN d"
              + i
              + " THEN "
              + sql.string(reconciliation.compared().get(i).left())
              + " END");
    }
    String values = joined(compared.size(), i -> ", l" + i + ", r" + i, "");
    String anyDiffers = joined(compared.size(), i -> " OR d" + i, "");
    return "l AS ("
        + sideRows(reconciliation, Side.LEFT)
        + "), r AS ("
        + sideRows(reconciliation, Side.RIGHT)
        + "), lg AS (SELECT "
        + keys
        + ", count(*) AS n"
        + firstValues
        + joinColumn
        + " FROM l GROUP BY "
        + keys
        + "), rg AS (SELECT "
        + keys
        + ", count(*) AS n"
        + firstValues
        + joinColumn
        + " FROM r GROUP BY "
        + keys
        + "), paired AS (SELECT "
        + pairedKeys
        + ", coalesce(lg.n, 0) AS left_rows, coalesce(rg.n, 0) AS right_rows"
        + pairedValues
        + " FROM lg FULL OUTER JOIN rg ON "
        + joinOn
        + "), compared AS (SELECT *"
        + differs
        + " FROM paired), mismatches AS "
        + (materialized ? materializedCte() : "")
        + "(SELECT "
        + keys
        + ", CASE WHEN left_rows > 1 OR right_rows > 1 THEN 'DUPLICATE_KEY'"
        + " WHEN left_rows = 0 THEN 'MISSING_LEFT' WHEN right_rows = 0 THEN 'MISSING_RIGHT'"
        + " ELSE 'DIFFERENT' END AS kind, left_rows, right_rows, "
        + textList(differingNames)
        + " AS differing"
        + values
        + " FROM compared WHERE NOT (left_rows = 1 AND right_rows = 1)"
        + anyDiffers
        + ")";
  }

  /** The report of {@link ReconcileSql} over the relation {@code mismatches}. */
  private String report(Reconciliation reconciliation, int maxMismatches) {
    int keyCount = reconciliation.keys().size();
    List<ColumnPair> compared = reconciliation.compared();
    List<CanonicalColumn> keyColumns = canonical(reconciliation.keys());
    List<CanonicalColumn> comparedColumns = canonical(compared);
    String nullCount = "CAST(NULL AS BIGINT)";
    String summary =
        "SELECT 0 AS row_type"
            + joined(keyCount, i -> ", " + keyColumns.get(i).nullValue() + " AS k" + i, "")
            + ", "
            + sql.castToText("NULL")
            + " AS kind, "
            + nullCount
            + " AS left_rows, "
            + nullCount
            + " AS right_rows"
            + joined(
                compared.size(),
                i ->
                    ", "
                        + comparedColumns.get(i).nullValue()
                        + " AS l"
                        + i
                        + ", "
                        + comparedColumns.get(i).nullValue()
                        + " AS r"
                        + i
                        + ", CAST(NULL AS BOOLEAN) AS d"
                        + i,
                "")
            + ", ("
            + count(reconciliation.left())
            + ") AS left_total, ("
            + count(reconciliation.right())
            + ") AS right_total"
            + ", count(*) FILTER (WHERE kind = 'MISSING_LEFT') AS missing_left"
            + ", count(*) FILTER (WHERE kind = 'MISSING_RIGHT') AS missing_right"
            + ", count(*) FILTER (WHERE kind = 'DIFFERENT') AS different"
            + ", count(*) FILTER (WHERE kind = 'DUPLICATE_KEY') AS duplicate_keys"
            + " FROM mismatches";
    String listed =
        "SELECT 1, "
            + positional("k", keyCount)
            + ", kind, left_rows, right_rows"
            + joined(
                compared.size(),
                i ->
                    ", l"
                        + i
                        + ", r"
                        + i
                        + ", "
                        + listContains("differing", sql.string(compared.get(i).left())),
                "")
            + joined(6, i -> ", " + nullCount, "")
            + " FROM mismatches ORDER BY "
            + keyOrder(reconciliation)
            + " LIMIT "
            + maxMismatches;
    return summary
        + " UNION ALL SELECT * FROM ("
        + listed
        + ") AS listed ORDER BY row_type, "
        + keyOrder(reconciliation);
  }

  private String sideRows(Reconciliation reconciliation, Side side) {
    ReconcileSide source = reconciliation.side(side);
    List<String> columns = new ArrayList<>();
    List<CanonicalColumn> keys = canonical(reconciliation.keys());
    List<CanonicalColumn> compared = canonical(reconciliation.compared());
    for (int i = 0; i < keys.size(); i++) {
      columns.add(keys.get(i).value(side) + " AS k" + i);
    }
    for (int i = 0; i < compared.size(); i++) {
      columns.add(compared.get(i).value(side) + " AS v" + i);
    }
    return "SELECT "
        + String.join(", ", columns)
        + " FROM "
        + sql.relation(source.table())
        + where(source.filter());
  }

  private String count(ReconcileSide side) {
    return "SELECT count(*) FROM " + sql.relation(side.table()) + where(side.filter());
  }

  private String keyHash(List<CanonicalColumn> keys, Side side) {
    return hash(keys.stream().map(key -> key.value(side)).toList(), true);
  }

  private static String where(String filter) {
    return filter.isEmpty() ? "" : " WHERE (" + filter + ")";
  }

  private static String keyOrder(Reconciliation reconciliation) {
    return joined(reconciliation.keys().size(), i -> "k" + i + " NULLS LAST", ", ");
  }

  private static String list(Collection<Long> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
  }

  private static String positional(String prefix, int count) {
    return joined(count, i -> prefix + i, ", ");
  }

  private static String joined(int count, IntFunction<String> part, String separator) {
    return IntStream.range(0, count).mapToObj(part).collect(Collectors.joining(separator));
  }

  private String name(String column) {
    return sql.identifier(column);
  }

  private List<CanonicalColumn> canonical(List<ColumnPair> pairs) {
    return pairs.stream().map(this::canonical).toList();
  }

  private interface IndexedPair {
    void accept(int index, ColumnPair pair);
  }

  private static void each(List<ColumnPair> pairs, IndexedPair action) {
    for (int i = 0; i < pairs.size(); i++) {
      action.accept(i, pairs.get(i));
    }
  }
}
