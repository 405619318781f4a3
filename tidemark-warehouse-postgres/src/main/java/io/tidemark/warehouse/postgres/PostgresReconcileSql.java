package io.tidemark.warehouse.postgres;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.CanonicalColumn;
import io.tidemark.core.quality.reconcile.ColumnPair;
import io.tidemark.core.quality.reconcile.ReconcileQueries;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's reconciliation SQL. Values are read as the canonical types of {@link
 * PostgresCanonicalColumn}; a key's or a row's hash is {@code hashtextextended} of the row value's
 * text ({@code ROW(...)::text}, which tells NULL from an empty string and quotes separators), with
 * a different seed for keys and rows. Hashes are signed, so a segment is the hash's non-negative
 * remainder; row hashes are summed as {@code numeric}, which cannot overflow.
 */
final class PostgresReconcileSql extends ReconcileQueries {
  private static final int KEY_SEED = 1;
  private static final int ROW_SEED = 2;

  PostgresReconcileSql() {
    super(PostgresDialect.INSTANCE);
  }

  @Override
  public String describe(AssetName table) {
    requireNonNull(table, "table is null");
    return "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
        + " WHERE a.attrelid = to_regclass("
        + dialect().string(dialect().relation(table))
        + ") AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
  }

  @Override
  protected CanonicalColumn canonical(ColumnPair pair) {
    return PostgresCanonicalColumn.of(pair);
  }

  @Override
  protected String hash(List<String> values, boolean key) {
    return "hashtextextended(CAST(ROW("
        + String.join(", ", values)
        + ") AS text), "
        + (key ? KEY_SEED : ROW_SEED)
        + ")";
  }

  /** PostgreSQL's {@code %} keeps the dividend's sign; the segment is the remainder's. */
  @Override
  protected String segment(String keyHash, long modulus) {
    return "((" + keyHash + " % " + modulus + " + " + modulus + ") % " + modulus + ")";
  }

  @Override
  protected String hashSum(String rowHash) {
    return "CAST(sum(CAST(" + rowHash + " AS numeric)) AS text)";
  }

  @Override
  protected String firstValue(String column) {
    return "(array_agg(" + column + "))[1]";
  }

  @Override
  protected String textList(List<String> values) {
    return values.isEmpty()
        ? "CAST(ARRAY[] AS text[])"
        : "array_remove(CAST(ARRAY[" + String.join(", ", values) + "] AS text[]), NULL)";
  }

  @Override
  protected String listContains(String list, String value) {
    return "(" + value + " = ANY(" + list + "))";
  }

  /**
   * PostgreSQL runs a full outer join only on conditions it can hash or merge, which {@code IS NOT
   * DISTINCT FROM} is not: the sides join on the text of the canonical key row, in which NULL (an
   * empty field) differs from any value, the empty string included ({@code ""}).
   */
  @Override
  protected Optional<String> joinKey(List<String> keyColumns) {
    return Optional.of("CAST(ROW(" + String.join(", ", keyColumns) + ") AS text)");
  }

  @Override
  protected List<String> replaceTable(AssetName table, String query) {
    return List.of(
        dialect().createSchemaIfNotExists(table.schema()),
        "DROP TABLE IF EXISTS " + dialect().relation(table),
        "CREATE TABLE " + dialect().relation(table) + " AS " + query);
  }
}
