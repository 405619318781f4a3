package io.tidemark.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.TableReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseTest {
  /** A typical model, as rendered: CTEs, joins, a window, a subquery filter. */
  static final String TYPICAL_MODEL =
      """
      WITH orders AS (
        SELECT order_id, customer_id, order_date, amount
        FROM staging.orders
        WHERE order_date >= TIMESTAMP '2024-01-05' AND order_date < TIMESTAMP '2024-01-06'
      ),
      customers AS (
        SELECT c.customer_id, c.region, s.segment
        FROM staging.customers c
        LEFT JOIN marts.segments s ON s.customer_id = c.customer_id
      )
      SELECT o.order_date::DATE AS order_day,
             c.region,
             c.segment,
             count(*) AS orders,
             sum(o.amount) AS revenue,
             rank() OVER (PARTITION BY c.region ORDER BY sum(o.amount) DESC) AS region_rank
      FROM orders o
      JOIN customers c USING (customer_id)
      WHERE o.customer_id NOT IN (SELECT customer_id FROM staging.test_customers)
      GROUP BY ALL
      """;

  @TempDir Path directory;
  DuckDbWarehouse warehouse;

  @BeforeEach
  void open() {
    warehouse = DuckDbWarehouse.open(directory.resolve("warehouse.duckdb"));
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void parseFindsTablesInJoinsSubqueriesAndCtesButNotCteNames() {
    ParsedQuery parsed = warehouse.parse(TYPICAL_MODEL);

    assertThat(parsed.problem()).isEmpty();
    assertThat(parsed.tables())
        .containsExactlyInAnyOrder(
            new TableReference("staging", "orders"),
            new TableReference("staging", "customers"),
            new TableReference("marts", "segments"),
            new TableReference("staging", "test_customers"));
  }

  @Test
  void parseFindsTablesInSetOperationsExistsAndFromSubqueries() {
    ParsedQuery parsed =
        warehouse.parse(
            """
            SELECT id FROM a.one
            UNION ALL
            SELECT id FROM (SELECT id FROM a.two) sub
            WHERE EXISTS (SELECT 1 FROM a.three t WHERE t.id = sub.id)
            EXCEPT
            SELECT id FROM four
            """);

    assertThat(parsed.tables())
        .containsExactlyInAnyOrder(
            new TableReference("a", "one"),
            new TableReference("a", "two"),
            new TableReference("a", "three"),
            new TableReference("", "four"));
  }

  @Test
  void parseDropsCteNamesCaseInsensitivelyButKeepsQualifiedTablesOfTheSameName() {
    ParsedQuery parsed =
        warehouse.parse(
            """
            WITH RECURSIVE Daily AS (SELECT * FROM staging.daily),
            numbers AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM numbers WHERE n < 3)
            SELECT * FROM daily, numbers, staging.numbers
            """);

    assertThat(parsed.tables())
        .containsExactlyInAnyOrder(
            new TableReference("staging", "daily"), new TableReference("staging", "numbers"));
  }

  @Test
  void parseNeedsNoTableToExist() {
    ParsedQuery parsed = warehouse.parse("SELECT * FROM nowhere.nothing");

    assertThat(parsed.problem()).isEmpty();
    assertThat(parsed.tables()).containsExactly(new TableReference("nowhere", "nothing"));
  }

  @Test
  void parseReportsSyntaxErrorWithOffset() {
    String sql = "SELECT a,\n  b\nFROM staging.orders\nWHER a > 1";

    ParsedQuery parsed = warehouse.parse(sql);

    assertThat(parsed.problem()).hasValueSatisfying(m -> assertThat(m).contains("syntax error"));
    assertThat(parsed.tables()).isEmpty();
    assertThat(parsed.errorOffset()).isEqualTo(sql.indexOf("a > 1"));
  }

  @Test
  void parseCountsTheErrorOffsetInJavaCharacters() {
    // The emoji is two UTF-16 characters and four UTF-8 bytes; é is one character and two bytes.
    String sql = "SELECT '\uD83D\uDE00' AS smile, 'caf\u00e9' AS c FRM t";

    ParsedQuery parsed = warehouse.parse(sql);

    assertThat(parsed.errorOffset()).isEqualTo(sql.indexOf("FRM"));
  }

  @Test
  void parseAcceptsOnlyOneSelectStatement() {
    assertThat(warehouse.parse("SELECT 1;").problem()).isEmpty();
    assertThat(warehouse.parse("SELECT 1; DROP TABLE x").problem()).isPresent();
    assertThat(warehouse.parse("SELECT 1; SELECT 2").problem())
        .hasValue("expected one SELECT statement, found 2");
    assertThat(warehouse.parse("CREATE TABLE x AS SELECT 1").problem()).isPresent();
  }

  @Test
  void parseIsSafeFromSeveralThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ParsedQuery>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String sql = i % 2 == 0 ? TYPICAL_MODEL : "SELECT * FROM s.t" + i;
        results.add(pool.submit(() -> warehouse.parse(sql)));
      }
      for (int i = 0; i < results.size(); i++) {
        ParsedQuery parsed = results.get(i).get();
        if (i % 2 == 0) {
          assertThat(parsed.tables()).hasSize(4);
        } else {
          assertThat(parsed.tables()).containsExactly(new TableReference("s", "t" + i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Reports throughput for the record; asserts only correctness, never time. */
  @Test
  void parseStaysCorrectOverManyCallsOfATypicalModel() {
    int warmup = 500;
    int measured = 5_000;
    for (int i = 0; i < warmup; i++) {
      assertThat(warehouse.parse(TYPICAL_MODEL).tables()).hasSize(4);
    }
    long start = System.nanoTime();
    for (int i = 0; i < measured; i++) {
      assertThat(warehouse.parse(TYPICAL_MODEL).tables()).hasSize(4);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "parse throughput: %.0f parses/s (%d-line model)%n",
        measured / seconds, TYPICAL_MODEL.lines().count());
  }
}
