package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.ColumnPair;
import io.tidemark.core.quality.reconcile.ReconcileSide;
import io.tidemark.core.quality.reconcile.ReconcileSql;
import io.tidemark.core.quality.reconcile.Reconciliation;
import io.tidemark.core.quality.reconcile.Reconciliation.Side;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * DuckDB's reconciliation SQL. Values are read as the canonical types of {@link CanonicalColumn};
 * hashes are DuckDB's {@code hash()}, salted and hashed twice as in {@link Fingerprints}: the salt
 * keeps a row of zeros from hashing to 0, the second hash spreads the final XOR of a multi-value
 * hash over all 64 bits. Row hashes are summed as {@code HUGEINT}, which cannot overflow.
 *
 * <p>Internally each side's rows are projected to positional names ({@code k0…}, {@code v0…}), so
 * that no column name, however odd, can clash with the query's own.
 */
public final class DuckDbReconcileSql implements ReconcileSql {
  private static final String KEY_SALT = "'tidemark.reconcile.key'";
  private static final String ROW_SALT = "'tidemark.reconcile.row'";

  @Override
  public String describe(AssetName table) {
    requireNonNull(table, "table is null");
    return "SELECT name, type FROM pragma_table_info(" + Sql.string(Sql.relation(table)) + ")";
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
    return List.of(
        "CREATE SCHEMA IF NOT EXISTS " + Sql.identifier(resultTable.schema()),
        "CREATE OR REPLACE TABLE "
            + Sql.relation(resultTable)
            + " AS WITH "
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
        + Sql.relation(resultTable)
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
            + hash(ROW_SALT, hashed)
            + " AS row_hash FROM "
            + Sql.relation(source.table())
            + where(source.filter());
    return "SELECT CAST(key_hash % "
        + modulus
        + " AS BIGINT) AS segment, count(*) AS row_count,"
        + " CAST(sum(row_hash) AS VARCHAR) AS hash_sum, count(DISTINCT key_hash) AS key_count"
        + " FROM ("
        + rows
        + ") AS hashed"
        + (parents.isEmpty() ? "" : " WHERE key_hash % " + parentModulus + " IN " + list(parents))
        + " GROUP BY 1";
  }

  @Override
  public String rows(
      Reconciliation reconciliation, Side side, long modulus, Collection<Long> segments) {
    ReconcileSide source = reconciliation.side(side);
    List<CanonicalColumn> keys = canonical(reconciliation.keys());
    String inSegments = keyHash(keys, side) + " % " + modulus + " IN " + list(segments);
    return sideRows(reconciliation, side)
        + (source.filter().isEmpty() ? " WHERE " : " AND ")
        + inSegments;
  }

  /**
   * The CTEs ending in {@code mismatches}: per key its row counts on both sides, the canonical
   * values of its first row on each ({@code l<i>}, {@code r<i>}), its kind, and the left names of
   * the compared columns that differ ({@code differing}).
   */
  private static String mismatchesCte(Reconciliation reconciliation, boolean materialized) {
    List<CanonicalColumn> compared = canonical(reconciliation.compared());
    String keys = positional("k", reconciliation.keys().size());
    String firstValues = joined(compared.size(), i -> ", first(v" + i + ") AS v" + i, "");
    String joinOn =
        joined(
            reconciliation.keys().size(),
            i -> "lg.k" + i + " IS NOT DISTINCT FROM rg.k" + i,
            " AND ");
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
    String differing =
        compared.isEmpty()
            ? "CAST([] AS VARCHAR[])"
            : "list_filter(["
                + joined(
                    compared.size(),
                    i ->
                        "CASE WHEN d"
                            + i
                            + " THEN "
                            + Sql.string(reconciliation.compared().get(i).left())
                            + " END",
                    ", ")
                + "], lambda differing_name: differing_name IS NOT NULL)";
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
        + " FROM l GROUP BY "
        + keys
        + "), rg AS (SELECT "
        + keys
        + ", count(*) AS n"
        + firstValues
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
        + (materialized ? "MATERIALIZED " : "")
        + "(SELECT "
        + keys
        + ", CASE WHEN left_rows > 1 OR right_rows > 1 THEN 'DUPLICATE_KEY'"
        + " WHEN left_rows = 0 THEN 'MISSING_LEFT' WHEN right_rows = 0 THEN 'MISSING_RIGHT'"
        + " ELSE 'DIFFERENT' END AS kind, left_rows, right_rows, "
        + differing
        + " AS differing"
        + values
        + " FROM compared WHERE NOT (left_rows = 1 AND right_rows = 1)"
        + anyDiffers
        + ")";
  }

  /** The report of {@link ReconcileSql} over the relation {@code mismatches}. */
  private static String report(Reconciliation reconciliation, int maxMismatches) {
    int keyCount = reconciliation.keys().size();
    List<ColumnPair> compared = reconciliation.compared();
    String summary =
        "SELECT 0 AS row_type"
            + joined(keyCount, i -> ", NULL AS k" + i, "")
            + ", NULL AS kind, NULL AS left_rows, NULL AS right_rows"
            + joined(
                compared.size(), i -> ", NULL AS l" + i + ", NULL AS r" + i + ", NULL AS d" + i, "")
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
                        + ", list_contains(differing, "
                        + Sql.string(compared.get(i).left())
                        + ")",
                "")
            + ", NULL, NULL, NULL, NULL, NULL, NULL FROM mismatches ORDER BY "
            + keyOrder(reconciliation)
            + " LIMIT "
            + maxMismatches;
    return summary
        + " UNION ALL SELECT * FROM ("
        + listed
        + ") ORDER BY row_type, "
        + keyOrder(reconciliation);
  }

  private static String sideRows(Reconciliation reconciliation, Side side) {
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
        + Sql.relation(source.table())
        + where(source.filter());
  }

  private static String count(ReconcileSide side) {
    return "SELECT count(*) FROM " + Sql.relation(side.table()) + where(side.filter());
  }

  private static String keyHash(List<CanonicalColumn> keys, Side side) {
    return hash(KEY_SALT, keys.stream().map(key -> key.value(side)).toList());
  }

  private static String hash(String salt, List<String> values) {
    return "hash(hash(" + salt + ", " + String.join(", ", values) + "))";
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

  private static String name(String column) {
    return Sql.identifier(column);
  }

  private static List<CanonicalColumn> canonical(List<ColumnPair> pairs) {
    return pairs.stream().map(CanonicalColumn::of).toList();
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
