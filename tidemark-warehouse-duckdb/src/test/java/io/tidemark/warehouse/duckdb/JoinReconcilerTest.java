package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.OrderTables.LEFT;
import static io.tidemark.warehouse.duckdb.OrderTables.RIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.JoinReconciler;
import io.tidemark.core.quality.reconcile.ReconcileOptions;
import io.tidemark.core.quality.reconcile.ReconcileSide;
import io.tidemark.core.quality.reconcile.ReconciliationResult;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.WarehouseSession;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both tables in one DuckDB file, reconciled with one join. */
class JoinReconcilerTest extends ReconcilerContract {
  static final AssetName RESULT = AssetName.parse("quality.order_mismatches");

  @TempDir Path directory;
  DuckDbWarehouse warehouse;
  DuckDbSession session;
  final JoinReconciler reconciler = new JoinReconciler(new DuckDbReconcileSql());

  @Override
  void openWarehouses() {
    warehouse = DuckDbWarehouse.open(directory.resolve("warehouse.duckdb"));
    session = warehouse.openSession();
  }

  @Override
  void closeWarehouses() {
    warehouse.close();
  }

  @Override
  WarehouseSession leftSession() {
    return session;
  }

  @Override
  WarehouseSession rightSession() {
    return session;
  }

  @Override
  ReconciliationResult reconcile(
      ReconcileSide left, ReconcileSide right, ReconcileOptions options) {
    return reconciler.reconcile(left, right, options);
  }

  @Test
  void theComparisonIsOneQueryBesidesLookingUpTheColumns() {
    onRight("UPDATE $table SET amount = 0 WHERE order_id IN (1, 2)");

    ReconciliationResult result = reconcileOrders();

    // Per side: whether the table exists, and its columns; then the join.
    assertThat(result.work().leftQueries()).isEqualTo(3);
    assertThat(result.work().rightQueries()).isEqualTo(2);
    assertThat(result.work().leftRowsFetched()).isEqualTo(2);
  }

  @Test
  void writesEveryMismatchingKeyToTheResultTable() {
    onRight("DELETE FROM $table WHERE order_id = 3");
    onRight("UPDATE $table SET amount = 0, client = 'x' WHERE order_id = 5");
    onRight("UPDATE $table SET client = 'x' WHERE order_id % 100 = 99");

    ReconciliationResult written =
        reconciler.reconcileInto(left(), right(), options().withMaxMismatches(3), RESULT);

    QueryResult table =
        session.query(
            "SELECT order_id, mismatch_kind, left_rows, right_rows,"
                + " CAST(differing_columns AS VARCHAR), left_amount, right_amount"
                + " FROM quality.order_mismatches ORDER BY order_id",
            100);
    assertThat(table.rows()).hasSize(12);
    assertThat(table.rows().get(0))
        .containsExactly(3L, "MISSING_RIGHT", 1L, 0L, "[]", new BigDecimal("1.11"), null);
    assertThat(table.rows().get(1).subList(0, 5))
        .containsExactly(5L, "DIFFERENT", 1L, 1L, "[customer, amount]");
    assertThat(written.mismatchCount()).isEqualTo(12);
    assertThat(written.capped()).isTrue();
    assertThat(written.mismatches())
        .isEqualTo(reconcile(left(), right(), options().withMaxMismatches(3)).mismatches());
  }

  @Test
  void theResultTableMayNotBeATableBeingReconciled() {
    assertThatThrownBy(() -> reconciler.reconcileInto(left(), right(), options(), RIGHT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would replace a table being reconciled");
    assertThat(session.exists(RIGHT)).isTrue();
  }

  @Test
  void sidesInDifferentSessionsAreRefused() {
    try (DuckDbWarehouse other = DuckDbWarehouse.open(directory.resolve("other.duckdb"));
        DuckDbSession otherSession = other.openSession()) {
      OrderTables.right(otherSession, RIGHT, 10);
      ReconcileSide left = ReconcileSide.of(session, LEFT, KEYS, List.of());

      assertThatThrownBy(
              () ->
                  reconciler.reconcile(
                      left, left.counterpart(otherSession, RIGHT, Map.of()), options()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("BisectionReconciler");
    }
  }
}
