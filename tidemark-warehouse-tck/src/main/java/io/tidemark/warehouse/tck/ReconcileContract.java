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
import java.util.ArrayList;
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
    String customer = "'c' || " + session.dialect().castToText("i % 97");
    session.execute(
        "CREATE TABLE "
            + LEFT
            + " AS SELECT CAST(i AS INTEGER) AS order_id, "
            + customer
            + " AS customer, CAST(CAST(i * 37 % 100000 AS DECIMAL(12,2)) / 100 AS DECIMAL(12,2))"
            + " AS amount, DATE '2024-01-01' + CAST(i % 5 AS INTEGER) AS order_date FROM "
            + integers(ORDERS)
            + " ORDER BY i");
    session.execute(
        "CREATE TABLE "
            + RIGHT
            + " AS SELECT CAST(CAST(i * 37 % 100000 AS DECIMAL(12,2)) / 100 AS "
            + doubleType()
            + ") AS amount,"
            + " CAST(DATE '2024-01-01' + CAST(i % 5 AS INTEGER) AS TIMESTAMP) AS order_date, "
            + customer
            + " AS client, CAST(i AS BIGINT) AS order_id FROM "
            + integers(ORDERS)
            + " ORDER BY i DESC");
  }

  /** A relation of one column {@code i} holding 0 to {@code count - 1}, aliased. */
  protected String integers(int count) {
    return "generate_series(0, " + (count - 1) + ") AS ids(i)";
  }

  /** The engine's name of the 8-byte floating-point type. */
  protected String doubleType() {
    return "FLOAT8";
  }

  /**
   * Whether the engine's tables take {@code update} and {@code delete}; where they do not (Spark's
   * Parquet tables), the cases change rows by making the table again from a query, with the same
   * column types.
   */
  protected boolean updatesRowsInPlace() {
    return true;
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

  /** Runs a statement with {@code $table} standing for the table. */
  private void on(AssetName table, String statement) {
    session.execute(statement.replace("$table", table.toString()));
  }

  /** Sets the columns to the expressions in the rows matching {@code where}. */
  protected final void update(AssetName table, String where, Map<String, String> assignments) {
    if (updatesRowsInPlace()) {
      List<String> set = new ArrayList<>();
      assignments.forEach(
          (column, value) -> set.add(session.dialect().identifier(column) + " = " + value));
      session.execute("UPDATE " + table + " SET " + String.join(", ", set) + " WHERE " + where);
      return;
    }
    List<String> columns = new ArrayList<>();
    for (List<Object> column : session.query(sql.describe(table), 1_000).rows()) {
      String name = (String) column.get(0);
      String quoted = session.dialect().identifier(name);
      String value = assignments.get(name);
      columns.add(
          value == null
              ? quoted
              : "CASE WHEN "
                  + where
                  + " THEN CAST("
                  + value
                  + " AS "
                  + column.get(1)
                  + ") ELSE "
                  + quoted
                  + " END AS "
                  + quoted);
    }
    remake(table, "SELECT " + String.join(", ", columns) + " FROM " + table);
  }

  /** Deletes the rows matching {@code where}. */
  protected final void delete(AssetName table, String where) {
    if (updatesRowsInPlace()) {
      session.execute("DELETE FROM " + table + " WHERE " + where);
    } else {
      remake(table, "SELECT * FROM " + table + " WHERE NOT coalesce(" + where + ", false)");
    }
  }

  private void remake(AssetName table, String query) {
    String kept = table + "_remade";
    session.execute("CREATE TABLE " + kept + " AS " + query);
    session.execute("DROP TABLE " + table);
    session.execute("CREATE TABLE " + table + " AS SELECT * FROM " + kept);
    session.execute("DROP TABLE " + kept);
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
    update(RIGHT, "order_id = 123", Map.of("amount", "-1"));

    ReconciliationResult result =
        new BisectionReconciler(sql).reconcile(left(), right(), options());

    assertThat(result.mismatches()).extracting(Mismatch::key).containsExactly(List.of(123L));
    assertThat(result.work().leftRowsFetched()).isBetween(1L, 20L);
    assertThat(result.work().rightRowsFetched()).isBetween(1L, 20L);
  }

  @Test
  void rowsMissingOnEitherSideAreReported() {
    delete(RIGHT, "order_id IN (3, 500)");
    delete(LEFT, "order_id = 7");
    on(RIGHT, "INSERT INTO $table VALUES (1.5, TIMESTAMP '2024-01-01 00:00:00', 'c1', 5000)");

    ReconciliationResult result = reconcileOrders();

    assertThat(result.mismatches())
        .containsExactly(missingRight(3), missingLeft(7), missingRight(500), missingLeft(5000));
    assertThat(result.leftRows()).isEqualTo(ORDERS - 1);
    assertThat(result.rightRows()).isEqualTo(ORDERS - 1);
  }

  @Test
  void differingValuesAreReportedWithBothSidesValues() {
    update(RIGHT, "order_id = 10", Map.of("amount", "5.2"));
    update(RIGHT, "order_id = 20", Map.of("client", "'someone'"));
    update(
        RIGHT,
        "order_id = 30",
        Map.of("amount", "0", "order_date", "TIMESTAMP '2024-01-01 12:00:00'"));

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
    update(RIGHT, "order_id = 10", Map.of("amount", "3.74"));
    update(RIGHT, "order_id = 11", Map.of("amount", "4.13"));
    update(RIGHT, "order_id = 12", Map.of("amount", "4.39"));
    update(RIGHT, "order_id = 13", Map.of("amount", "4.75"));

    ReconciliationResult tolerant =
        reconcile(left(), right(), options().withTolerance(new BigDecimal("0.05")));

    assertThat(reconcileOrders().different()).isEqualTo(4);
    assertThat(tolerant.mismatches())
        .containsExactly(
            different(11, amount("4.07", "4.13")), different(13, amount("4.81", "4.75")));
  }

  @Test
  void nullAgainstAValueDiffersButNullAgainstNullMatches() {
    update(LEFT, "order_id = 1", Map.of("customer", "NULL"));
    update(RIGHT, "order_id = 1", Map.of("client", "NULL"));
    update(LEFT, "order_id = 2", Map.of("amount", "NULL"));
    update(RIGHT, "order_id = 3", Map.of("amount", "NULL"));

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
    update(RIGHT, "order_id IN (1, 6)", Map.of("amount", "-1"));
    update(RIGHT, "order_id IN (3, 8)", Map.of("amount", "-1"));
    delete(LEFT, "order_id = 13");

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
    on(RIGHT, "INSERT INTO $table SELECT * FROM $table WHERE order_id = 50");
    on(LEFT, "INSERT INTO $table SELECT * FROM $table WHERE order_id = 60");
    on(RIGHT, "INSERT INTO $table SELECT * FROM $table WHERE order_id = 60");
    on(LEFT, "INSERT INTO $table SELECT * FROM $table WHERE order_id = 70");
    delete(RIGHT, "order_id = 70");

    ReconciliationResult result = reconcileOrders();

    assertThat(result.mismatches())
        .containsExactly(
            new Mismatch(List.of(50L), Kind.DUPLICATE_KEY, 1, 2, List.of()),
            new Mismatch(List.of(60L), Kind.DUPLICATE_KEY, 2, 2, List.of()),
            new Mismatch(List.of(70L), Kind.DUPLICATE_KEY, 2, 0, List.of()));
  }

  @Test
  void mismatchesBeyondTheCapAreCountedAndTheFirstByKeyListed() {
    update(RIGHT, "order_id % 10 = 0 AND order_id < 300", Map.of("client", "'x'"));

    ReconciliationResult result = reconcile(left(), right(), options().withMaxMismatches(5));

    assertThat(result.different()).isEqualTo(30);
    assertThat(result.capped()).isTrue();
    assertThat(result.mismatches())
        .extracting(mismatch -> mismatch.key().get(0))
        .containsExactly(0L, 10L, 20L, 30L, 40L);
  }

  @Test
  void withoutComparedColumnsOnlyThePresenceOfKeysIsCompared() {
    update(RIGHT, "order_id = 1", Map.of("amount", "-1"));
    delete(RIGHT, "order_id = 2");
    ReconcileSide left = ReconcileSide.of(session, LEFT, KEYS, List.of());

    ReconciliationResult result =
        reconcile(left, left.counterpart(session, RIGHT, Map.of()), options());

    assertThat(result.mismatches()).containsExactly(missingRight(2));
  }

  @Test
  void everyMismatchingKeyIsWrittenToTheResultTable() {
    delete(RIGHT, "order_id = 3");
    update(RIGHT, "order_id = 5", Map.of("amount", "0", "client", "'x'"));
    update(RIGHT, "order_id % 100 = 99", Map.of("client", "'x'"));

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
    String oddNames =
        String.join(
            ", ",
            List.of("order", "select", "k0").stream().map(session.dialect()::identifier).toList());
    session.execute(
        "CREATE TABLE recon.odd_left AS SELECT * FROM (VALUES (1, 'x', 2), (2, 'y', 3))"
            + " AS t("
            + oddNames
            + ")");
    session.execute(
        "CREATE TABLE recon.odd_right AS SELECT * FROM (VALUES (1, 'x', 2), (2, 'z', 3))"
            + " AS t("
            + oddNames
            + ")");
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
