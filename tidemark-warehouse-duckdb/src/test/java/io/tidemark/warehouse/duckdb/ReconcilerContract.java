package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.OrderTables.LEFT;
import static io.tidemark.warehouse.duckdb.OrderTables.RIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.Mismatch;
import io.tidemark.core.quality.reconcile.Mismatch.Difference;
import io.tidemark.core.quality.reconcile.Mismatch.Kind;
import io.tidemark.core.quality.reconcile.ReconcileOptions;
import io.tidemark.core.quality.reconcile.ReconcileSide;
import io.tidemark.core.quality.reconcile.ReconciliationResult;
import io.tidemark.core.warehouse.WarehouseSession;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every reconciler does on DuckDB, whatever its strategy and wherever the sides live: each
 * subclass supplies the sessions the two sides live in and the reconciler. What every engine's
 * reconcilers find is the warehouse contract's ReconcileContract, which DuckDB passes too; these
 * are DuckDB's own types, the sides in two files, and the errors. The left table is {@link
 * OrderTables#left}, the right {@link OrderTables#right} (customer is named client there), 1,000
 * orders each.
 */
abstract class ReconcilerContract {
  static final int ORDERS = 1_000;
  static final List<String> KEYS = List.of("order_id");
  static final List<String> COMPARED = List.of("customer", "amount", "order_date");
  static final Map<String, String> MAPPING = Map.of("customer", "client");

  /** Opens the warehouses the sides live in; JUnit runs this class's set-up before a subclass's. */
  abstract void openWarehouses();

  abstract void closeWarehouses();

  abstract WarehouseSession leftSession();

  abstract WarehouseSession rightSession();

  abstract ReconciliationResult reconcile(
      ReconcileSide left, ReconcileSide right, ReconcileOptions options);

  /** Small segments, so that a bisection descends a few levels even over 1,000 rows. */
  ReconcileOptions options() {
    return ReconcileOptions.DEFAULTS.withRowThreshold(20).withSplitFactor(4);
  }

  @BeforeEach
  void createOrders() {
    openWarehouses();
    OrderTables.left(leftSession(), LEFT, ORDERS);
    OrderTables.right(rightSession(), RIGHT, ORDERS);
  }

  @AfterEach
  void close() {
    closeWarehouses();
  }

  ReconcileSide left() {
    return ReconcileSide.of(leftSession(), LEFT, KEYS, COMPARED);
  }

  ReconcileSide right() {
    return left().counterpart(rightSession(), RIGHT, MAPPING);
  }

  ReconciliationResult reconcileOrders() {
    return reconcile(left(), right(), options());
  }

  void onLeft(String sql) {
    leftSession().execute(sql.replace("$table", LEFT.toString()));
  }

  void onRight(String sql) {
    rightSession().execute(sql.replace("$table", RIGHT.toString()));
  }

  static Mismatch different(long id, Difference... differences) {
    return new Mismatch(List.of(id), Kind.DIFFERENT, 1, 1, List.of(differences));
  }

  @Test
  void identicalTablesMatchDespiteRowOrderColumnTypesAndNames() {
    ReconciliationResult result = reconcileOrders();

    assertThat(result.matches()).isTrue();
    assertThat(result.mismatches()).isEmpty();
    assertThat(result.capped()).isFalse();
    assertThat(result.leftRows()).isEqualTo(ORDERS);
    assertThat(result.rightRows()).isEqualTo(ORDERS);
  }

  @Test
  void valuesOfCompatibleTypesCompareByValue() {
    // TIMESTAMP WITH TIME ZONE must be read in UTC, not in the session's zone.
    leftSession().execute("SET TimeZone = 'Asia/Tokyo'");
    rightSession().execute("SET TimeZone = 'America/New_York'");
    leftSession().execute("CREATE TYPE colour AS ENUM ('red', 'blue')");
    leftSession()
        .execute(
            "CREATE TABLE recon.left_types (id INTEGER, f FLOAT, d DECIMAL(10,3),"
                + " ts TIMESTAMPTZ, b BOOLEAN, e colour)");
    leftSession()
        .execute(
            "INSERT INTO recon.left_types VALUES"
                + " (1, 0.1, 1.234, TIMESTAMPTZ '2024-01-01 10:00:00+02', true, 'red'),"
                + " (2, 2.5, -0.5, TIMESTAMPTZ '2024-06-30 23:30:00+00', false, 'blue'),"
                + " (3, NULL, NULL, NULL, NULL, NULL)");
    rightSession()
        .execute(
            "CREATE TABLE recon.right_types (e VARCHAR, b BOOLEAN, ts TIMESTAMP, d DOUBLE,"
                + " f DOUBLE, id HUGEINT)");
    rightSession()
        .execute(
            "INSERT INTO recon.right_types VALUES (NULL, NULL, NULL, NULL, NULL, 3),"
                + " ('blue', false, TIMESTAMP '2024-06-30 23:30:00', -0.5, 2.5, 2),"
                + " ('red', true, TIMESTAMP '2024-01-01 08:00:00', 1.234, 0.1, 1)");
    ReconcileSide left =
        ReconcileSide.of(
            leftSession(),
            AssetName.parse("recon.left_types"),
            List.of("id"),
            List.of("f", "d", "ts", "b", "e"));
    ReconcileSide right =
        left.counterpart(rightSession(), AssetName.parse("recon.right_types"), Map.of());

    assertThat(reconcile(left, right, options()).matches()).isTrue();

    rightSession().execute("UPDATE recon.right_types SET ts = ts + INTERVAL 1 SECOND WHERE id = 2");
    assertThat(reconcile(left, right, options()).mismatches())
        .containsExactly(
            different(
                2,
                new Difference(
                    "ts",
                    LocalDateTime.parse("2024-06-30T23:30:00"),
                    LocalDateTime.parse("2024-06-30T23:30:01"))));
  }

  @Test
  void aMissingKeyColumnFailsNamingTheTableAndColumn() {
    ReconcileSide right =
        ReconcileSide.of(
            rightSession(), RIGHT, List.of("id"), List.of("client", "amount", "order_date"));

    assertThatThrownBy(() -> reconcile(left(), right, options()))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PROJECT))
        .hasMessageContaining("table recon.right_orders has no column id")
        .hasMessageContaining("key column");
  }

  @Test
  void aMissingComparedColumnFailsNamingTheTableAndColumn() {
    // Without the mapping, the right table has no customer column.
    ReconcileSide right = left().counterpart(rightSession(), RIGHT, Map.of());

    assertThatThrownBy(() -> reconcile(left(), right, options()))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PROJECT))
        .hasMessageContaining("table recon.right_orders has no column customer")
        .hasMessageContaining("compared column");
  }

  @Test
  void aMissingTableFailsAsNotFound() {
    ReconcileSide right =
        left().counterpart(rightSession(), AssetName.parse("recon.nowhere"), MAPPING);

    assertThatThrownBy(() -> reconcile(left(), right, options()))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("recon.nowhere");
  }

  @Test
  void sidesWithDifferentColumnCountsAreRejected() {
    ReconcileSide right =
        ReconcileSide.of(rightSession(), RIGHT, List.of("order_id"), List.of("client"));

    assertThatThrownBy(() -> reconcile(left(), right, options()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("as many key and compared columns");
  }

  @Test
  void anEmptyKeyListIsRejected() {
    assertThatThrownBy(() -> ReconcileSide.of(leftSession(), LEFT, List.of(), COMPARED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs key columns");
  }
}
