package io.tidemark.warehouse.spark;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.CanonicalColumn;
import io.tidemark.core.quality.reconcile.ColumnPair;
import io.tidemark.core.quality.reconcile.ReconcileQueries;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructField;

/**
 * Spark SQL's reconciliation SQL. Values are read as the canonical types of {@link
 * SparkCanonicalColumn}; a key's or a row's hash is Spark's {@code xxhash64} over a seed literal (1
 * for keys, 2 for rows) and each value preceded by its {@code isnull}: {@code xxhash64} skips
 * NULLs, so without the flags a row (NULL, 'a') would hash as ('a', NULL). Hashes are signed, so a
 * segment is {@code pmod}; row hashes are summed as {@code decimal(38, 0)}, which holds the sum of
 * 10^19 of them. Spark joins on {@code IS NOT DISTINCT FROM} in a full outer join as it is (a
 * null-safe equi-join), and has no {@code MATERIALIZED} CTEs.
 */
final class SparkReconcileSql extends ReconcileQueries {
  private final SparkWarehouseSession session;

  SparkReconcileSql(SparkWarehouseSession session) {
    super(SparkDialect.INSTANCE);
    this.session = requireNonNull(session, "session is null");
  }

  /**
   * Spark's {@code DESCRIBE} cannot be queried and lists a partitioned table's partition columns
   * twice, under headings: the columns are read from the catalog now and given as a {@code VALUES}
   * list of names and catalog type names.
   */
  @Override
  public String describe(AssetName table) {
    requireNonNull(table, "table is null");
    List<String> rows = new ArrayList<>();
    for (StructField field : session.fields(table)) {
      rows.add(
          "("
              + dialect().string(field.name())
              + ", "
              + dialect().string(field.dataType().catalogString())
              + ")");
    }
    return "SELECT name, type FROM VALUES " + String.join(", ", rows) + " AS columns(name, type)";
  }

  @Override
  protected CanonicalColumn canonical(ColumnPair pair) {
    return SparkCanonicalColumn.of(pair);
  }

  @Override
  protected String hash(List<String> values, boolean key) {
    List<String> hashed = new ArrayList<>(values.size() * 2 + 1);
    hashed.add(key ? "1" : "2");
    for (String value : values) {
      hashed.add("isnull(" + value + ")");
      hashed.add(value);
    }
    return "xxhash64(" + String.join(", ", hashed) + ")";
  }

  @Override
  protected String segment(String keyHash, long modulus) {
    return "pmod(" + keyHash + ", " + modulus + "L)";
  }

  @Override
  protected String hashSum(String rowHash) {
    return "CAST(sum(CAST(" + rowHash + " AS decimal(38,0))) AS string)";
  }

  @Override
  protected String firstValue(String column) {
    return "first(" + column + ")";
  }

  @Override
  protected String textList(List<String> values) {
    return values.isEmpty()
        ? "CAST(array() AS array<string>)"
        : "filter(array("
            + String.join(", ", values)
            + "), differing_name -> differing_name IS NOT NULL)";
  }

  @Override
  protected String listContains(String list, String value) {
    return "array_contains(" + list + ", " + value + ")";
  }

  @Override
  protected String materializedCte() {
    return "";
  }

  @Override
  protected List<String> replaceTable(AssetName table, String query) {
    return List.of(
        dialect().createSchemaIfNotExists(table.schema()),
        "DROP TABLE IF EXISTS " + dialect().relation(table),
        "CREATE TABLE " + dialect().relation(table) + " AS " + query);
  }
}
