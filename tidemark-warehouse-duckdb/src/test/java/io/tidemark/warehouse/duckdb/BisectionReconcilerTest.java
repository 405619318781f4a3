package io.tidemark.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.quality.reconcile.BisectionReconciler;
import io.tidemark.core.quality.reconcile.Mismatch;
import io.tidemark.core.quality.reconcile.Mismatch.Kind;
import io.tidemark.core.quality.reconcile.ReconcileOptions;
import io.tidemark.core.quality.reconcile.ReconcileSide;
import io.tidemark.core.quality.reconcile.ReconciliationResult;
import io.tidemark.core.warehouse.WarehouseSession;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each table in its own DuckDB file, reconciled by checksum bisection. */
class BisectionReconcilerTest extends ReconcilerContract {
  @TempDir Path directory;
  DuckDbWarehouse leftWarehouse;
  DuckDbWarehouse rightWarehouse;
  DuckDbSession leftSession;
  DuckDbSession rightSession;
  final BisectionReconciler reconciler = new BisectionReconciler(new DuckDbReconcileSql());

  @Override
  void openWarehouses() {
    leftWarehouse = DuckDbWarehouse.open(directory.resolve("left.duckdb"));
    rightWarehouse = DuckDbWarehouse.open(directory.resolve("right.duckdb"));
    leftSession = leftWarehouse.openSession();
    rightSession = rightWarehouse.openSession();
  }

  @Override
  void closeWarehouses() {
    leftWarehouse.close();
    rightWarehouse.close();
  }

  @Override
  WarehouseSession leftSession() {
    return leftSession;
  }

  @Override
  WarehouseSession rightSession() {
    return rightSession;
  }

  @Override
  ReconciliationResult reconcile(
      ReconcileSide left, ReconcileSide right, ReconcileOptions options) {
    return reconciler.reconcile(left, right, options);
  }

  @Test
  void identicalTablesCostOneAggregatePerSideAndNoRows() {
    ReconciliationResult result = reconcileOrders();

    assertThat(result.matches()).isTrue();
    // Per side: whether the table exists, its columns, and the first level's aggregate.
    assertThat(result.work().leftQueries()).isEqualTo(3);
    assertThat(result.work().rightQueries()).isEqualTo(3);
    assertThat(result.work().rowsFetched()).isZero();
    assertThat(result.work().levels()).isEqualTo(1);
    assertThat(result.work().segmentsCompared()).isEqualTo(4);
  }

  @Test
  void onlyTheSegmentsHoldingADifferenceAreFetched() {
    onRight("UPDATE $table SET amount = -1 WHERE order_id = 123");

    ReconciliationResult result = reconcileOrders();

    assertThat(result.mismatches()).extracting(Mismatch::key).containsExactly(List.of(123L));
    // 1,000 rows in 4^3 segments of about 16: one segment per side is fetched.
    assertThat(result.work().levels()).isEqualTo(3);
    assertThat(result.work().leftRowsFetched()).isBetween(1L, 20L);
    assertThat(result.work().rightRowsFetched()).isBetween(1L, 20L);
  }

  @Test
  void valuesEqualWithinTheToleranceAcrossABucketEdgeAreFetchedThenFoundEqual() {
    // Three decimal places, so that the values below survive on both sides.
    onLeft("ALTER TABLE $table ALTER COLUMN amount SET DATA TYPE DECIMAL(12,3)");
    onLeft("UPDATE $table SET amount = 0.999 WHERE order_id = 10");
    onRight("UPDATE $table SET amount = 1.001 WHERE order_id = 10");

    ReconciliationResult result =
        reconcile(left(), right(), options().withTolerance(new BigDecimal("0.01")));

    // Buckets floor(99.9) and floor(100.1) differ, so the segment is fetched; the rows agree.
    assertThat(result.matches()).isTrue();
    assertThat(result.work().rowsFetched()).isPositive();
  }

  @Test
  void theSameDifferencesAreFoundWhateverTheSegmenting() {
    onRight("DELETE FROM $table WHERE order_id % 97 = 5");
    onRight("UPDATE $table SET amount = amount + 1 WHERE order_id % 89 = 7");
    onLeft("INSERT INTO $table SELECT * FROM $table WHERE order_id = 400");

    ReconciliationResult finest =
        reconcile(left(), right(), options().withSplitFactor(2).withRowThreshold(1));
    ReconciliationResult coarse =
        reconcile(left(), right(), options().withSplitFactor(64).withRowThreshold(5_000));

    assertThat(finest.mismatches()).hasSize(11 + 12 + 1).isEqualTo(coarse.mismatches());
    assertThat(finest.work().levels()).isGreaterThan(5);
    assertThat(coarse.work().levels()).isEqualTo(1);
  }

  @Test
  void aKeyRepeatedBeyondTheThresholdEndsTheDescentAtOnce() {
    onLeft("INSERT INTO $table SELECT t.* FROM $table t, range(500) WHERE t.order_id = 9");

    ReconciliationResult result = reconcileOrders();

    assertThat(result.mismatches())
        .containsExactly(new Mismatch(List.of(9L), Kind.DUPLICATE_KEY, 501, 1, List.of()));
    // The segment holding only key 9 cannot be split, so it is fetched beyond the threshold.
    assertThat(result.work().levels()).isLessThan(8);
    assertThat(result.work().leftRowsFetched()).isGreaterThan(500);
  }

  @Test
  void theRowCountsComeFromTheFirstLevel() {
    onRight("DELETE FROM $table WHERE order_id < 100");

    ReconciliationResult result = reconcileOrders();

    assertThat(result.leftRows()).isEqualTo(ORDERS);
    assertThat(result.rightRows()).isEqualTo(ORDERS - 100);
    assertThat(result.missingRight()).isEqualTo(100);
  }
}
