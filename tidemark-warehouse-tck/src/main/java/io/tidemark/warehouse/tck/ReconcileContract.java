package io.tidemark.warehouse.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.BisectionReconciler;
import io.tidemark.core.quality.reconcile.JoinReconciler;
import io.tidemark.core.quality.reconcile.Mismatch;
import io.tidemark.core.quality.reconcile.Mismatch.Difference;
import io.tidemark.core.quality.reconcile.Mismatch.Kind;
import io.tidemark.core.quality.reconcile.ReconcileOptions;
import io.tidemark.core.quality.reconcile.ReconcileSide;
import io.tidemark.core.quality.reconcile.ReconcileSql;
import io.tidemark.core.quality.reconcile.ReconciliationResult;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciliations every engine that offers them passes, in the SQL the engines share: the same
 * orders in two tables typed, named and ordered differently, with differences planted. Every case
 * runs both reconcilers, the full outer join and the bisection by hash aggregates, and they must
 * find the same mismatches: the join is the simple oracle of the bisection.
 *
 * <p>The left table is {@code order_id INTEGER, customer VARCHAR, amount DECIMAL(12,2), order_date
 * DATE}; the right {@code amount FLOAT8, order_date TIMESTAMP, client VARCHAR, order_id BIGINT},
 * 1,000 orders each: customer {@code c<id mod 97>}, amount {@code (id * 37 mod 100000) / 100},
 * order date one of five days from 2024-01-01 ({@code id mod 5}).
 */
public abstract class ReconcileContract {
  private static final int ORDERS = 1_000;
  private static final AssetName LEFT = AssetName.parse("recon.left_orders");
  private static final AssetName RIGHT = AssetName.parse("recon.right_orders");
  private static final AssetName RESULT = AssetName.parse("quality.order_mismatches");
  private static final List<String> KEYS = List.of("order_id");
  private static final List<String> COMPARED = List.of("customer", "amount", "order_date");
  private static final Map<String, String> MAPPING = Map.of("customer", "client");

  private Warehouse warehouse;
  private WarehouseSession session;
  private ReconcileSql sql;

  /** A new warehouse holding nothing, which the test closes. */
  protected abstract Warehouse openEmptyWarehouse();

  @BeforeEach
  void buildOrders() {
    warehouse = openEmptyWarehouse();
    session = warehouse.openSession();
    sql = ReconcileSql.require(session);
    session.execute("CREATE SCHEMA recon");
    session.execute(
        "CREATE TABLE "
            + LEFT
            + " AS SELECT CAST(i AS INTEGER) AS order_id, 'c' || CAST(i % 97 AS VARCHAR) AS"
            + " customer, CAST(CAST(i * 37 % 100000 AS DECIMAL(12,2)) / 100 AS DECIMAL(12,2))"
            + " AS amount, DATE '2024-01-01' + CAST(i % 5 AS INTEGER) AS order_date"
            + " FROM generate_series(0, "
            + (ORDERS - 1)
            + ") AS ids(i) ORDER BY i");
    session.execute(
        "CREATE TABLE "
            + RIGHT
            + " AS SELECT CAST(CAST(i * 37 % 100000 AS DECIMAL(12,2)) / 100 AS FLOAT8) AS amount,"
            + " CAST(DATE '2024-01-01' + CAST(i % 5 AS INTEGER) AS TIMESTAMP) AS order_date,"
            + " 'c' || CAST(i % 97 AS VARCHAR) AS client, CAST(i AS BIGINT) AS order_id"
            + " FROM generate_series(0, "
            + (ORDERS - 1)
            + ") AS ids(i) ORDER BY i DESC");
  }

  @AfterEach
  void closeWarehouse() {
    session.close();
    warehouse.close();
  }

  /** The session both tables are in. */
  protected final WarehouseSession session() {
    return session;
  }

  /** Small segments, so that a bisection descends a few levels even over 1,000 rows. */
  protected static ReconcileOptions options() {
    return ReconcileOptions.DEFAULTS.withRowThreshold(20).withSplitFactor(4);
  }

  private ReconcileSide left() {
    return ReconcileSide.of(session, LEFT, KEYS, COMPARED);
  }

  private ReconcileSide right() {
    return left().counterpart(session, RIGHT, MAPPING);
  }

  /** Both reconcilers' result, which must agree; the join's is returned. */
  protected final ReconciliationResult reconcile(
      ReconcileSide left, ReconcileSide right, ReconcileOptions options) {
    ReconciliationResult joined = new JoinReconciler(sql).reconcile(left, right, options);
    ReconciliationResult bisected = new BisectionReconciler(sql).reconcile(left, right, options);
    assertThat(bisected).usingRecursiveComparison().ignoringFields("work").isEqualTo(joined);
    return joined;
  }

  private ReconciliationResult reconcileOrders() {
    return reconcile(left(), right(), options());
  }

  private void onLeft(String statement) {
    session.execute(statement.replace("$table", LEFT.toString()));
  }

  private void onRight(String statement) {
    session.execute(statement.replace("$table", RIGHT.toString()));
  }

  private static Mismatch missingLeft(long id) {
    return new Mismatch(List.of(id), Kind.MISSING_LEFT, 0, 1, List.of());
  }

  private static Mismatch missingRight(long id) {
    return new Mismatch(List.of(id), Kind.MISSING_RIGHT, 1, 0, List.of());
  }

  private static Mismatch different(long id, Difference... differences) {
    return new Mismatch(List.of(id), Kind.DIFFERENT, 1, 1, List.of(differences));
  }

  private static Difference amount(String left, String right) {
    return new Difference(
        "amount",
        left == null ? null : new BigDecimal(left),
        right == null ? null : new BigDecimal(right));
  }

  @Test
  void identicalTablesMatchDespiteRowOrderColumnTypesAndNames() {
    ReconciliationResult result = reconcileOrders();
    ReconciliationResult bisected =
        new BisectionReconciler(sql).reconcile(left(), right(), options());

    assertThat(result.matches()).isTrue();
    assertThat(result.leftRows()).isEqualTo(ORDERS);
    assertThat(result.rightRows()).isEqualTo(ORDERS);
    // Equal sides hash equal: the bisection stops at its first level and fetches no row.
    assertThat(bisected.work().rowsFetched()).isZero();
    assertThat(bisected.work().levels()).isEqualTo(1);
  }

  @Test
  void onlyTheSegmentsHoldingADifferenceAreFetched() {
    onRight("UPDATE $table SET amount = -1 WHERE order_id = 123");

    ReconciliationResult result =
        new BisectionReconciler(sql).reconcile(left(), right(), options());

    assertThat(result.mismatches()).extracting(Mismatch::key).containsExactly(List.of(123L));
    assertThat(result.work().leftRowsFetched()).isBetween(1L, 20L);
    assertThat(result.work().rightRowsFetched()).isBetween(1L, 20L);
  }

  @Test
  void rowsMissingOnEitherSideAreReported() {
    onRight("DELETE FROM $table WHERE order_id IN (3, 500)");
    onLeft("DELETE FROM $table WHERE order_id = 7");
    onRight("INSERT INTO $table VALUES (1.5, TIMESTAMP '2024-01-01 00:00:00', 'c1', 5000)");

    ReconciliationResult result = reconcileOrders();

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

    ReconciliationResult tolerant =
        reconcile(left(), right(), options().withTolerance(new BigDecimal("0.05")));

    assertThat(reconcileOrders().different()).isEqualTo(4);
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
    session.execute(
        "CREATE TABLE recon.left_stock AS SELECT * FROM (VALUES ('a', 1, 10), ('b', 1, 20),"
            + " ('a', 2, 30), (NULL, 3, 40), ('c', NULL, 50)) AS t(store, sku, quantity)");
    session.execute(
        "CREATE TABLE recon.right_stock AS SELECT store, CAST(sku AS BIGINT) AS sku,"
            + " CAST(quantity AS BIGINT) AS quantity FROM (VALUES ('b', 1, 20), ('a', 1, 11),"
            + " (NULL, 3, 40), ('c', NULL, 50), ('b', 2, 30)) AS t(store, sku, quantity)");
    ReconcileSide left =
        ReconcileSide.of(
            session,
            AssetName.parse("recon.left_stock"),
            List.of("store", "sku"),
            List.of("quantity"));

    ReconciliationResult result =
        reconcile(
            left,
            left.counterpart(session, AssetName.parse("recon.right_stock"), Map.of()),
            options());

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
    ReconcileSide left = ReconcileSide.of(session, LEFT, KEYS, List.of());

    ReconciliationResult result =
        reconcile(left, left.counterpart(session, RIGHT, Map.of()), options());

    assertThat(result.mismatches()).containsExactly(missingRight(2));
  }

  @Test
  void everyMismatchingKeyIsWrittenToTheResultTable() {
    onRight("DELETE FROM $table WHERE order_id = 3");
    onRight("UPDATE $table SET amount = 0, client = 'x' WHERE order_id = 5");
    onRight("UPDATE $table SET client = 'x' WHERE order_id % 100 = 99");

    ReconciliationResult written =
        new JoinReconciler(sql)
            .reconcileInto(left(), right(), options().withMaxMismatches(3), RESULT);
    // Written again over the table it made: the result table is replaced, not appended to.
    new JoinReconciler(sql).reconcileInto(left(), right(), options().withMaxMismatches(3), RESULT);

    QueryResult table =
        session.query(
            "SELECT order_id, mismatch_kind, left_rows, right_rows, left_amount, right_amount"
                + " FROM quality.order_mismatches ORDER BY order_id",
            100);
    assertThat(table.rows()).hasSize(12);
    assertThat(table.rows().get(0))
        .containsExactly(3L, "MISSING_RIGHT", 1L, 0L, new BigDecimal("1.11"), null);
    assertThat(table.rows().get(1).subList(0, 4)).containsExactly(5L, "DIFFERENT", 1L, 1L);
    assertThat(written.mismatchCount()).isEqualTo(12);
    assertThat(written.capped()).isTrue();
    assertThat(written.mismatches())
        .isEqualTo(reconcile(left(), right(), options().withMaxMismatches(3)).mismatches());
  }

  @Test
  void oddColumnNamesNeedNoCareFromTheUser() {
    session.execute(
        "CREATE TABLE recon.odd_left AS SELECT * FROM (VALUES (1, 'x', 2), (2, 'y', 3))"
            + " AS t(\"order\", \"select\", \"k0\")");
    session.execute(
        "CREATE TABLE recon.odd_right AS SELECT * FROM (VALUES (1, 'x', 2), (2, 'z', 3))"
            + " AS t(\"order\", \"select\", \"k0\")");
    ReconcileSide left =
        ReconcileSide.of(
            session, AssetName.parse("recon.odd_left"), List.of("order"), List.of("select", "k0"));

    ReconciliationResult result =
        reconcile(
            left,
            left.counterpart(session, AssetName.parse("recon.odd_right"), Map.of()),
            options());

    assertThat(result.mismatches())
        .containsExactly(different(2, new Difference("select", "y", "z")));
  }
}
