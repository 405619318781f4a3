package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.OrderTables.LEFT;
import static io.tidemark.warehouse.duckdb.OrderTables.RIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.quality.reconcile.BisectionReconciler;
import io.tidemark.core.quality.reconcile.JoinReconciler;
import io.tidemark.core.quality.reconcile.ReconcileOptions;
import io.tidemark.core.quality.reconcile.ReconcileSide;
import io.tidemark.core.quality.reconcile.ReconciliationResult;
import io.tidemark.core.warehouse.WarehouseSession;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The join and the bisection find the same mismatches in the same planted differences: both tables
 * in one file for the join, the same tables built in two files for the bisection.
 */
class ReconcilersAgreeTest {
  static final int ORDERS = 20_000;

  /** Applied to the left table, in whichever warehouse it is. */
  static final List<String> LEFT_CHANGES =
      List.of(
          "UPDATE $table SET amount = NULL WHERE order_id % 1501 = 8",
          "INSERT INTO $table SELECT * FROM $table WHERE order_id % 5003 = 9");

  /** Applied to the right table. */
  static final List<String> RIGHT_CHANGES =
      List.of(
          "DELETE FROM $table WHERE order_id % 1009 = 3",
          "INSERT INTO $table SELECT amount, order_date, client, order_id + 100000 FROM $table"
              + " WHERE order_id % 2003 = 1",
          "UPDATE $table SET amount = amount + 0.03 WHERE order_id % 701 = 2",
          "UPDATE $table SET amount = amount + 0.5 WHERE order_id % 757 = 4",
          "UPDATE $table SET client = NULL WHERE order_id % 1201 = 5",
          "UPDATE $table SET order_date = order_date + INTERVAL 1 HOUR WHERE order_id % 1301 = 6",
          "INSERT INTO $table SELECT * FROM $table WHERE order_id % 4001 = 7");

  @TempDir Path directory;
  DuckDbWarehouse shared;
  DuckDbWarehouse leftOnly;
  DuckDbWarehouse rightOnly;

  @BeforeEach
  void buildTheSameTablesTwice() {
    shared = DuckDbWarehouse.open(directory.resolve("shared.duckdb"));
    leftOnly = DuckDbWarehouse.open(directory.resolve("left.duckdb"));
    rightOnly = DuckDbWarehouse.open(directory.resolve("right.duckdb"));
    WarehouseSession both = shared.openSession();
    buildLeft(both);
    buildRight(both);
    buildLeft(leftOnly.openSession());
    buildRight(rightOnly.openSession());
  }

  @AfterEach
  void close() {
    shared.close();
    leftOnly.close();
    rightOnly.close();
  }

  static Stream<ReconcileOptions> options() {
    ReconcileOptions tolerant =
        ReconcileOptions.DEFAULTS.withTolerance(new BigDecimal("0.05")).withMaxMismatches(10_000);
    return Stream.of(
        ReconcileOptions.DEFAULTS.withMaxMismatches(10_000),
        tolerant,
        tolerant.withSplitFactor(2).withRowThreshold(3),
        tolerant.withSplitFactor(100).withRowThreshold(50),
        tolerant.withMaxMismatches(7));
  }

  @ParameterizedTest
  @MethodSource("options")
  void joinAndBisectionFindTheSameMismatches(ReconcileOptions options) {
    WarehouseSession both = shared.openSession();
    ReconciliationResult joined =
        new JoinReconciler(new DuckDbReconcileSql())
            .reconcile(side(both), right(side(both), both), options);
    ReconciliationResult bisected =
        new BisectionReconciler(new DuckDbReconcileSql())
            .reconcile(
                side(leftOnly.openSession()),
                right(side(leftOnly.openSession()), rightOnly.openSession()),
                options);

    assertThat(joined.missingLeft()).isPositive();
    assertThat(joined.missingRight()).isPositive();
    assertThat(joined.different()).isPositive();
    assertThat(joined.duplicateKeys()).isPositive();
    assertThat(bisected).usingRecursiveComparison().ignoringFields("work").isEqualTo(joined);
    assertThat(bisected.work().rowsFetched()).isLessThan(2L * ORDERS);
  }

  private static ReconcileSide side(WarehouseSession session) {
    return ReconcileSide.of(
        session, LEFT, List.of("order_id"), List.of("customer", "amount", "order_date"));
  }

  private static ReconcileSide right(ReconcileSide left, WarehouseSession session) {
    return left.counterpart(session, RIGHT, Map.of("customer", "client"));
  }

  private static void buildLeft(WarehouseSession session) {
    OrderTables.left(session, LEFT, ORDERS);
    LEFT_CHANGES.forEach(change -> session.execute(change.replace("$table", LEFT.toString())));
  }

  private static void buildRight(WarehouseSession session) {
    OrderTables.right(session, RIGHT, ORDERS);
    RIGHT_CHANGES.forEach(change -> session.execute(change.replace("$table", RIGHT.toString())));
  }
}
