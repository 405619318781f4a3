package io.tidemark.warehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.Mismatch;
import io.tidemark.core.quality.reconcile.Mismatch.Difference;
import io.tidemark.core.quality.reconcile.Mismatch.Kind;
import io.tidemark.core.quality.reconcile.ReconcileSide;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.warehouse.tck.ReconcileContract;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spark passes the reconciliation contract, on the test JVM's one Spark. */
class SparkReconcileContractTest extends ReconcileContract {
  @Override
  protected Warehouse openEmptyWarehouse() {
    return TestSpark.emptyWarehouse();
  }

  @Override
  protected String integers(int count) {
    return "range(0, " + count + ") AS ids(i)";
  }

  @Override
  protected String doubleType() {
    return "DOUBLE";
  }

  /** Spark's Parquet tables take no {@code update} or {@code delete}. */
  @Override
  protected boolean updatesRowsInPlace() {
    return false;
  }

  @Test
  void sparkTypesOfTheSameValuesCompareByValue() {
    // A timestamp with the session's zone is read in UTC whatever the zone; a float through its
    // shortest text; integers of any width as one; NULL and '' stay apart.
    session().execute("SET spark.sql.session.timeZone = Asia/Tokyo");
    try {
      session()
          .execute(
              "CREATE TABLE recon.left_types (id int, f float, d decimal(10,3),"
                  + " ts timestamp_ltz, b boolean, s smallint, t string)");
      session()
          .execute(
              "INSERT INTO recon.left_types VALUES"
                  + " (1, 0.1, 1.234, TIMESTAMP_LTZ '2024-01-01 10:00:00+02:00', true, 7, ''),"
                  + " (2, 2.5, -0.5, TIMESTAMP_LTZ '2024-06-30 23:30:00+00:00', false, -3, 'x'),"
                  + " (3, NULL, NULL, NULL, NULL, NULL, NULL)");
      String right =
          "CREATE TABLE recon.$name (t string, s bigint, b boolean, ts timestamp_ntz,"
              + " d double, f double, id bigint)";
      session().execute(right.replace("$name", "right_types"));
      session()
          .execute(
              "INSERT INTO recon.right_types VALUES (NULL, NULL, NULL, NULL, NULL, NULL, 3),"
                  + " ('x', -3, false, TIMESTAMP_NTZ '2024-06-30 23:30:00', -0.5, 2.5, 2),"
                  + " ('', 7, true, TIMESTAMP_NTZ '2024-01-01 08:00:00', 1.234, 0.1, 1)");
      session().execute(right.replace("$name", "right_changed"));
      session()
          .execute(
              "INSERT INTO recon.right_changed VALUES (NULL, NULL, NULL, NULL, NULL, NULL, 3),"
                  + " (NULL, -3, false, TIMESTAMP_NTZ '2024-06-30 23:30:01', -0.5, 2.5, 2),"
                  + " (NULL, 7, true, TIMESTAMP_NTZ '2024-01-01 08:00:00', 1.234, 0.1, 1)");
      ReconcileSide left =
          ReconcileSide.of(
              session(),
              AssetName.parse("recon.left_types"),
              List.of("id"),
              List.of("f", "d", "ts", "b", "s", "t"));

      assertThat(
              reconcile(
                      left,
                      left.counterpart(session(), AssetName.parse("recon.right_types"), Map.of()),
                      options())
                  .matches())
          .isTrue();
      assertThat(
              reconcile(
                      left,
                      left.counterpart(session(), AssetName.parse("recon.right_changed"), Map.of()),
                      options())
                  .mismatches())
          .containsExactly(
              new Mismatch(
                  List.of(1L), Kind.DIFFERENT, 1, 1, List.of(new Difference("t", "", null))),
              new Mismatch(
                  List.of(2L),
                  Kind.DIFFERENT,
                  1,
                  1,
                  List.of(
                      new Difference(
                          "ts",
                          LocalDateTime.parse("2024-06-30T23:30:00"),
                          LocalDateTime.parse("2024-06-30T23:30:01")),
                      new Difference("t", "x", null))));
    } finally {
      session().execute("SET spark.sql.session.timeZone = UTC");
    }
  }
}
