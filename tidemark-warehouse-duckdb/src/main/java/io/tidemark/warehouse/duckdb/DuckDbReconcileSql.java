package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.CanonicalColumn;
import io.tidemark.core.quality.reconcile.ColumnPair;
import io.tidemark.core.quality.reconcile.ReconcileQueries;
import java.util.List;

/**
 * DuckDB's reconciliation SQL. Values are read as the canonical types of {@link
 * DuckDbCanonicalColumn}; hashes are DuckDB's {@code hash()}, salted and hashed twice as in {@link
 * Fingerprints}: the salt keeps a row of zeros from hashing to 0, the second hash spreads the final
 * XOR of a multi-value hash over all 64 bits. Hashes are unsigned, so a segment is the plain
 * remainder; row hashes are summed as {@code HUGEINT}, which cannot overflow.
 */
public final class DuckDbReconcileSql extends ReconcileQueries {
  private static final String KEY_SALT = "'tidemark.reconcile.key'";
  private static final String ROW_SALT = "'tidemark.reconcile.row'";

  public DuckDbReconcileSql() {
    super(DuckDbDialect.INSTANCE);
  }

  @Override
  public String describe(AssetName table) {
    requireNonNull(table, "table is null");
    return "SELECT name, type FROM pragma_table_info(" + Sql.string(Sql.relation(table)) + ")";
  }

  @Override
  protected CanonicalColumn canonical(ColumnPair pair) {
    return DuckDbCanonicalColumn.of(pair);
  }

  @Override
  protected String hash(List<String> values, boolean key) {
    return "hash(hash(" + (key ? KEY_SALT : ROW_SALT) + ", " + String.join(", ", values) + "))";
  }

  @Override
  protected String segment(String keyHash, long modulus) {
    return "CAST(" + keyHash + " % " + modulus + " AS BIGINT)";
  }

  @Override
  protected String hashSum(String rowHash) {
    return "CAST(sum(" + rowHash + ") AS VARCHAR)";
  }

  @Override
  protected String firstValue(String column) {
    return "first(" + column + ")";
  }

  @Override
  protected String textList(List<String> values) {
    return values.isEmpty()
        ? "CAST([] AS VARCHAR[])"
        : "list_filter(["
            + String.join(", ", values)
            + "], lambda differing_name: differing_name IS NOT NULL)";
  }

  @Override
  protected String listContains(String list, String value) {
    return "list_contains(" + list + ", " + value + ")";
  }

  @Override
  protected List<String> replaceTable(AssetName table, String query) {
    return List.of(
        "CREATE SCHEMA IF NOT EXISTS " + Sql.identifier(table.schema()),
        "CREATE OR REPLACE TABLE " + Sql.relation(table) + " AS " + query);
  }
}
