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
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every reconciler does, whatever its strategy: each subclass supplies the sessions the two
 * sides live in and the reconciler. The left table is {@link OrderTables#left}, the right {@link
 * OrderTables#right} (customer is named client there), 1,000 orders each.
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

  static Mismatch missingLeft(long id) {
    return new Mismatch(List.of(id), Kind.MISSING_LEFT, 0, 1, List.of());
  }

  static Mismatch missingRight(long id) {
    return new Mismatch(List.of(id), Kind.MISSING_RIGHT, 1, 0, List.of());
  }

  static Mismatch different(long id, Difference... differences) {
    return new Mismatch(List.of(id), Kind.DIFFERENT, 1, 1, List.of(differences));
  }

  static Difference amount(String left, String right) {
    return new Difference(
        "amount",
        left == null ? null : new BigDecimal(left),
        right == null ? null : new BigDecimal(right));
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
  void rowsMissingOnEitherSideAreReported() {
    onRight("DELETE FROM $table WHERE order_id IN (3, 500)");
    onLeft("DELETE FROM $table WHERE order_id = 7");
    onRight("INSERT INTO $table VALUES (1.5, TIMESTAMP '2024-01-01', 'c1', 5000)");

    ReconciliationResult result = reconcileOrders();

    assertThat(result.missingLeft()).isEqualTo(2);
    assertThat(result.missingRight()).isEqualTo(2);
    assertThat(result.different()).isZero();
    assertThat(result.mismatches())
        .containsExactly(missingRight(3), missingLeft(7), missingRight(500), missingLeft(5000));
    assertThat(result.leftRows()).isEqualTo(ORDERS - 1);
    assertThat(result.rightRows()).isEqualTo(ORDERS - 1);
  }

  @Test
  void differingValuesAreReportedWithBothSidesValues() {
    onRight("UPDATE $table SET amount = 5.2 WHERE order_id = 10");
    onRight("UPDATE $table SET client = 'someone' WHERE order_id = 20");
    onRight(
        "UPDATE $table SET amount = 0, order_date = TIMESTAMP '2024-01-01 12:00:00'"
            + " WHERE order_id = 30");

    ReconciliationResult result = reconcileOrders();

    assertThat(result.different()).isEqualTo(3);
    assertThat(result.mismatches())
        .containsExactly(
            different(10, amount("3.70", "5.20")),
            different(20, new Difference("customer", "c20", "someone")),
            different(
                30,
                amount("11.10", "0.00"),
                new Difference(
                    "order_date",
                    LocalDateTime.parse("2024-01-01T00:00"),
                    LocalDateTime.parse("2024-01-01T12:00"))));
  }

  @Test
  void differencesWithinTheToleranceAreIgnoredAndLargerOnesReported() {
    // Amounts of orders 10, 11, 12, 13: 3.70, 4.07, 4.44, 4.81.
    onRight("UPDATE $table SET amount = 3.74 WHERE order_id = 10");
    onRight("UPDATE $table SET amount = 4.13 WHERE order_id = 11");
    onRight("UPDATE $table SET amount = 4.39 WHERE order_id = 12");
    onRight("UPDATE $table SET amount = 4.75 WHERE order_id = 13");

    ReconciliationResult exact = reconcileOrders();
    ReconciliationResult tolerant =
        reconcile(left(), right(), options().withTolerance(new BigDecimal("0.05")));

    assertThat(exact.different()).isEqualTo(4);
    assertThat(tolerant.mismatches())
        .containsExactly(
            different(11, amount("4.07", "4.13")), different(13, amount("4.81", "4.75")));
  }

  @Test
  void nullAgainstAValueDiffersButNullAgainstNullMatches() {
    onLeft("UPDATE $table SET customer = NULL WHERE order_id = 1");
    onRight("UPDATE $table SET client = NULL WHERE order_id = 1");
    onLeft("UPDATE $table SET amount = NULL WHERE order_id = 2");
    onRight("UPDATE $table SET amount = NULL WHERE order_id = 3");

    ReconciliationResult result =
        reconcile(left(), right(), options().withTolerance(new BigDecimal("1000")));

    assertThat(result.mismatches())
        .containsExactly(different(2, amount(null, "0.74")), different(3, amount("1.11", null)));
  }

  @Test
  void compositeKeysMatchOnAllTheirColumnsNullsIncluded() {
    AssetName leftStock = AssetName.parse("recon.left_stock");
    AssetName rightStock = AssetName.parse("recon.right_stock");
    leftSession()
        .execute(
            "CREATE TABLE recon.left_stock AS SELECT * FROM (VALUES ('a', 1, 10), ('b', 1, 20),"
                + " ('a', 2, 30), (NULL, 3, 40), ('c', NULL, 50)) t(store, sku, quantity)");
    rightSession()
        .execute(
            "CREATE TABLE recon.right_stock AS SELECT store, CAST(sku AS BIGINT) AS sku,"
                + " CAST(quantity AS BIGINT) AS quantity FROM (VALUES ('b', 1, 20),"
                + " ('a', 1, 11), (NULL, 3, 40), ('c', NULL, 50), ('b', 2, 30)) t(store, sku,"
                + " quantity)");
    ReconcileSide left =
        ReconcileSide.of(leftSession(), leftStock, List.of("store", "sku"), List.of("quantity"));

    ReconciliationResult result =
        reconcile(left, left.counterpart(rightSession(), rightStock, Map.of()), options());

    assertThat(result.mismatches())
        .containsExactly(
            new Mismatch(
                List.of("a", 1L),
                Kind.DIFFERENT,
                1,
                1,
                List.of(new Difference("quantity", 10L, 11L))),
            new Mismatch(List.of("a", 2L), Kind.MISSING_RIGHT, 1, 0, List.of()),
            new Mismatch(List.of("b", 2L), Kind.MISSING_LEFT, 0, 1, List.of()));
  }

  @Test
  void aFilterRestrictsTheComparisonToOnePartition() {
    // Order ids with id mod 5 = 1 are on 2024-01-02; = 3 on 2024-01-04.
    onRight("UPDATE $table SET amount = -1 WHERE order_id IN (1, 6)");
    onRight("UPDATE $table SET amount = -1 WHERE order_id IN (3, 8)");
    onLeft("DELETE FROM $table WHERE order_id = 13");

    ReconciliationResult result =
        reconcile(
            left().where("order_date = DATE '2024-01-02'"),
            right().where("order_date = TIMESTAMP '2024-01-02 00:00:00'"),
            options());

    assertThat(result.leftRows()).isEqualTo(ORDERS / 5);
    assertThat(result.rightRows()).isEqualTo(ORDERS / 5);
    assertThat(result.mismatches())
        .containsExactly(
            different(1, amount("0.37", "-1.00")), different(6, amount("2.22", "-1.00")));
  }

  @Test
  void duplicatedKeysAreReportedWithTheirRowCountsEvenWhenBothSidesDuplicate() {
    onRight("INSERT INTO $table SELECT * FROM $table WHERE order_id = 50");
    onLeft("INSERT INTO $table SELECT * FROM $table WHERE order_id = 60");
    onRight("INSERT INTO $table SELECT * FROM $table WHERE order_id = 60");
    onLeft("INSERT INTO $table SELECT * FROM $table WHERE order_id = 70");
    onRight("DELETE FROM $table WHERE order_id = 70");

    ReconciliationResult result = reconcileOrders();

    assertThat(result.duplicateKeys()).isEqualTo(3);
    assertThat(result.missingRight()).isZero();
    assertThat(result.mismatches())
        .containsExactly(
            new Mismatch(List.of(50L), Kind.DUPLICATE_KEY, 1, 2, List.of()),
            new Mismatch(List.of(60L), Kind.DUPLICATE_KEY, 2, 2, List.of()),
            new Mismatch(List.of(70L), Kind.DUPLICATE_KEY, 2, 0, List.of()));
  }

  @Test
  void mismatchesBeyondTheCapAreCountedAndTheFirstByKeyListed() {
    onRight("UPDATE $table SET client = 'x' WHERE order_id % 10 = 0 AND order_id < 300");

    ReconciliationResult result = reconcile(left(), right(), options().withMaxMismatches(5));

    assertThat(result.different()).isEqualTo(30);
    assertThat(result.capped()).isTrue();
    assertThat(result.mismatches())
        .extracting(mismatch -> mismatch.key().get(0))
        .containsExactly(0L, 10L, 20L, 30L, 40L);
  }

  @Test
  void withoutComparedColumnsOnlyThePresenceOfKeysIsCompared() {
    onRight("UPDATE $table SET amount = -1 WHERE order_id = 1");
    onRight("DELETE FROM $table WHERE order_id = 2");
    ReconcileSide left = ReconcileSide.of(leftSession(), LEFT, KEYS, List.of());

    ReconciliationResult result =
        reconcile(left, left.counterpart(rightSession(), RIGHT, Map.of()), options());

    assertThat(result.mismatches()).containsExactly(missingRight(2));
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
