package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.OrderTables.LEFT;
import static io.tidemark.warehouse.duckdb.OrderTables.RIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tidemark.core.quality.reconcile.BisectionReconciler;
import io.tidemark.core.quality.reconcile.Mismatch;
import io.tidemark.core.quality.reconcile.Mismatch.Kind;
import io.tidemark.core.quality.reconcile.ReconcileOptions;
import io.tidemark.core.quality.reconcile.ReconcileSide;
import io.tidemark.core.quality.reconcile.ReconciliationResult;
import io.tidemark.core.quality.reconcile.WorkStatistics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A million rows in each of two DuckDB files, ten planted differences. */
class BisectionAtScaleTest {
  static final int ORDERS = 1_000_000;

  @TempDir Path directory;

  @Test
  void tenDifferencesInAMillionRowsFetchUnderOnePercentOfTheRows() {
    try (DuckDbWarehouse leftWarehouse = DuckDbWarehouse.open(directory.resolve("left.duckdb"));
        DuckDbWarehouse rightWarehouse = DuckDbWarehouse.open(directory.resolve("right.duckdb"))) {
      DuckDbSession left = leftWarehouse.openSession();
      DuckDbSession right = rightWarehouse.openSession();
      OrderTables.left(left, LEFT, ORDERS);
      OrderTables.right(right, RIGHT, ORDERS);
      right.execute("DELETE FROM " + RIGHT + " WHERE order_id IN (17, 250000, 999999)");
      right.execute(
          "INSERT INTO "
              + RIGHT
              + " VALUES (1, TIMESTAMP '2024-01-01', 'c1', 1000001),"
              + " (2, TIMESTAMP '2024-01-02', 'c2', 1000002), (3, TIMESTAMP '2024-01-03', 'c3',"
              + " 1000003)");
      right.execute("UPDATE " + RIGHT + " SET amount = -1 WHERE order_id IN (5, 123456)");
      right.execute("UPDATE " + RIGHT + " SET client = 'x' WHERE order_id IN (42, 777777)");
      ReconcileSide leftSide =
          ReconcileSide.of(
              left, LEFT, List.of("order_id"), List.of("customer", "amount", "order_date"));

      ReconciliationResult result =
          new BisectionReconciler(new DuckDbReconcileSql())
              .reconcile(
                  leftSide,
                  leftSide.counterpart(right, RIGHT, Map.of("customer", "client")),
                  ReconcileOptions.DEFAULTS);

      assertThat(result.mismatches())
          .extracting(Mismatch::key, Mismatch::kind)
          .containsExactly(
              tuple(List.of(5L), Kind.DIFFERENT),
              tuple(List.of(17L), Kind.MISSING_RIGHT),
              tuple(List.of(42L), Kind.DIFFERENT),
              tuple(List.of(123456L), Kind.DIFFERENT),
              tuple(List.of(250000L), Kind.MISSING_RIGHT),
              tuple(List.of(777777L), Kind.DIFFERENT),
              tuple(List.of(999999L), Kind.MISSING_RIGHT),
              tuple(List.of(1000001L), Kind.MISSING_LEFT),
              tuple(List.of(1000002L), Kind.MISSING_LEFT),
              tuple(List.of(1000003L), Kind.MISSING_LEFT));
      assertThat(result.leftRows()).isEqualTo(ORDERS);
      assertThat(result.rightRows()).isEqualTo(ORDERS);
      WorkStatistics work = result.work();
      assertThat(work.leftRowsFetched()).isLessThan(ORDERS / 100);
      assertThat(work.rightRowsFetched()).isLessThan(ORDERS / 100);
      // Per side: existence and columns, three levels of aggregates (62,500, then 3,906, then
      // about 244 rows a segment), and one fetch of the differing segments.
      assertThat(work.leftQueries()).isEqualTo(6);
      assertThat(work.rightQueries()).isEqualTo(6);
      assertThat(work.levels()).isEqualTo(3);
    }
  }
}
