package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.Requests.day;
import static io.tidemark.warehouse.duckdb.Requests.eventsOn;
import static io.tidemark.warehouse.duckdb.Requests.table;
import static io.tidemark.warehouse.duckdb.TestData.FIRST_DAY;
import static io.tidemark.warehouse.duckdb.TestData.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.ReconcileSql;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.WriteResult;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTest {
  @TempDir Path directory;
  DuckDbWarehouse warehouse;
  DuckDbSession session;

  @BeforeEach
  void open() {
    warehouse = DuckDbWarehouse.open(directory.resolve("warehouse.duckdb"));
    session = warehouse.openSession();
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void queryConvertsTypes() {
    QueryResult result =
        session.query(
            "SELECT 1::TINYINT AS tiny, 2::SMALLINT AS small, 3::INTEGER AS int,"
                + " 4::BIGINT AS big, 5::UBIGINT AS ubig, 170141183460469231731687303715884105727::HUGEINT AS huge,"
                + " 0.1::FLOAT AS f, 2.5::DOUBLE AS d, 3.25::DECIMAL(10,2) AS dec,"
                + " true AS flag, DATE '2024-01-02' AS day,"
                + " TIMESTAMP '2024-03-10 02:30:00.123456' AS ts, TIMESTAMP_NS '2024-01-01 00:00:01.5' AS ts_ns,"
                + " 'text' AS s, [1, 2] AS list, NULL::INTEGER AS nothing",
            10);

    assertThat(result.columns())
        .containsExactly(
            "tiny", "small", "int", "big", "ubig", "huge", "f", "d", "dec", "flag", "day", "ts",
            "ts_ns", "s", "list", "nothing");
    assertThat(result.rows())
        .singleElement()
        .isEqualTo(
            Arrays.asList(
                1L,
                2L,
                3L,
                4L,
                5L,
                new BigDecimal("170141183460469231731687303715884105727"),
                0.1d,
                2.5d,
                new BigDecimal("3.25"),
                true,
                LocalDate.of(2024, 1, 2),
                LocalDateTime.of(2024, 3, 10, 2, 30, 0, 123_456_000),
                LocalDateTime.of(2024, 1, 1, 0, 0, 1, 500_000_000),
                "text",
                "[1, 2]",
                null));
    assertThat(result.truncated()).isFalse();
  }

  @Test
  void queryStopsAtMaxRowsAndSaysItTruncated() {
    QueryResult result = session.query("SELECT range FROM range(100000000)", 3);

    assertThat(result.rows()).containsExactly(List.of(0L), List.of(1L), List.of(2L));
    assertThat(result.truncated()).isTrue();
    assertThat(session.query("SELECT range FROM range(3)", 3).truncated()).isFalse();
  }

  @Test
  void queryOfAStatementWithoutRowsReportsTheRowsItChanged() {
    session.execute("CREATE TABLE t AS SELECT range AS x FROM range(10)");

    QueryResult result = session.query("DELETE FROM t WHERE x < 4", 10);

    assertThat(result.columns()).containsExactly("changed_rows");
    assertThat(result.rows()).containsExactly(List.of(4L));
    assertThat(session.query("SELECT count(*) FROM t", 1).rows()).containsExactly(List.of(6L));
  }

  @Test
  void existsSeesTablesAndViewsOnly() {
    session.execute("CREATE SCHEMA s");
    session.execute("CREATE TABLE s.t AS SELECT 1 AS x");
    session.execute("CREATE VIEW s.v AS SELECT 1 AS x");

    assertThat(session.exists(AssetName.parse("s.t"))).isTrue();
    assertThat(session.exists(AssetName.parse("S.T"))).isTrue();
    assertThat(session.exists(AssetName.parse("s.v"))).isTrue();
    assertThat(session.exists(AssetName.parse("s.missing"))).isFalse();
    assertThat(session.exists(AssetName.parse("nowhere.t"))).isFalse();
  }

  @Test
  void theJdbcConnectionIsDuckDbsForTheAppender() throws Exception {
    session.execute("CREATE TABLE loaded (id BIGINT, name VARCHAR)");

    DuckDBConnection connection =
        session.jdbcConnection().orElseThrow().unwrap(DuckDBConnection.class);
    try (DuckDBAppender appender = connection.createAppender("main", "loaded")) {
      for (int i = 0; i < 1000; i++) {
        appender.beginRow();
        appender.append((long) i);
        appender.append("name " + i);
        appender.endRow();
      }
    }

    assertThat(count(session, "SELECT count(*) FROM loaded")).isEqualTo(1000);
    assertThat(ReconcileSql.of(session)).containsInstanceOf(DuckDbReconcileSql.class);
  }

  @Test
  void cancelAbortsTheWriteInFlightAndItRollsBack() throws Exception {
    TestData.events(session, 3, 100);
    String target = "staging.daily_events";
    session.write(day(target, "event_date", FIRST_DAY, eventsOn(FIRST_DAY)));
    // Runs for hours unless interrupted.
    String endless =
        eventsOn(FIRST_DAY)
            + " AND (SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range"
            + " = -1) = 0";

    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<WriteResult> write =
          executor.submit(() -> session.write(day(target, "event_date", FIRST_DAY, endless)));
      // A cancel that lands before the write starts does nothing, so keep asking until it stops.
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (!write.isDone() && System.nanoTime() < deadline) {
        session.cancel();
        try {
          write.get(20, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
          // still running, or done: the loop condition decides
        }
      }

      assertThat(write).isDone();
      assertThatThrownBy(write::get)
          .cause()
          .isInstanceOfSatisfying(
              TidemarkException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.WAREHOUSE);
                assertThat(e.getMessage()).isEqualTo("cancelled");
              });
    } finally {
      executor.shutdownNow();
    }
    assertThat(count(session, "SELECT count(*) FROM " + target)).isEqualTo(100);
    // The session stays usable, and an old cancel does not leak into the next write.
    session.cancel();
    assertThat(session.write(day(target, "event_date", FIRST_DAY, eventsOn(FIRST_DAY))).rows())
        .isEqualTo(100);
  }

  @Test
  void sessionsOnSeveralThreadsWriteDifferentTables() throws Exception {
    TestData.events(session, 4, 100);
    int threads = 6;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int number = t;
        writers.add(
            CompletableFuture.runAsync(
                () -> {
                  await(start);
                  try (DuckDbSession own = warehouse.openSession()) {
                    String schema = "thread_" + (number % 2);
                    own.write(
                        table(
                            schema + ".totals_" + number,
                            "SELECT sum(amount) AS total FROM raw.events"));
                    for (int d = 0; d < 4; d++) {
                      LocalDate day = FIRST_DAY.plusDays(d);
                      own.write(
                          day(schema + ".events_" + number, "event_date", day, eventsOn(day)));
                    }
                  }
                },
                executor));
      }
      start.countDown();
      CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    } finally {
      executor.shutdownNow();
    }

    for (int t = 0; t < threads; t++) {
      String schema = "thread_" + (t % 2);
      assertThat(count(session, "SELECT count(*) FROM " + schema + ".events_" + t)).isEqualTo(400);
      assertThat(count(session, "SELECT total FROM " + schema + ".totals_" + t))
          .isEqualTo(4 * 49_500);
    }
  }

  @Test
  void differentPartitionsOfOneTableAreReplacedConcurrently() throws Exception {
    int days = 12;
    TestData.events(session, days, 100);
    String target = "staging.daily_events";
    for (int d = 0; d < days; d++) {
      LocalDate day = FIRST_DAY.plusDays(d);
      session.write(
          day(
              target,
              "event_date",
              day,
              eventsOn(day).replace("amount FROM", "0::BIGINT AS amount FROM")));
    }
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      List<Future<WriteResult>> writes = new ArrayList<>();
      for (int d = 0; d < days; d++) {
        LocalDate day = FIRST_DAY.plusDays(d);
        writes.add(
            executor.submit(
                () -> {
                  try (DuckDbSession own = warehouse.openSession()) {
                    return own.write(day(target, "event_date", day, eventsOn(day)));
                  }
                }));
      }
      for (Future<WriteResult> write : writes) {
        assertThat(write.get(1, TimeUnit.MINUTES).rows()).isEqualTo(100);
      }
    } finally {
      executor.shutdownNow();
    }

    assertThat(count(session, "SELECT count(*) FROM " + target)).isEqualTo(days * 100);
    assertThat(count(session, "SELECT sum(amount) FROM " + target)).isEqualTo(days * 49_500);
  }

  @Test
  void writesSurviveReopeningTheFile() {
    session.write(table("marts.kept", "SELECT range AS n FROM range(10)"));
    warehouse.close();

    warehouse = DuckDbWarehouse.open(directory.resolve("warehouse.duckdb"));
    try (DuckDbSession reopened = warehouse.openSession()) {
      assertThat(count(reopened, "SELECT count(*) FROM marts.kept")).isEqualTo(10);
    }
  }

  @Test
  void closingTheWarehouseClosesItsSessions() {
    DuckDbSession other = warehouse.openSession();

    warehouse.close();

    assertThatThrownBy(() -> other.query("SELECT 1", 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(warehouse::openSession).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void inMemoryWarehousesAreSeparate() {
    try (DuckDbWarehouse first = DuckDbWarehouse.openInMemory();
        DuckDbWarehouse second = DuckDbWarehouse.openInMemory();
        DuckDbSession a = first.openSession();
        DuckDbSession b = second.openSession()) {
      a.write(table("s.only_here", "SELECT 1 AS x"));

      assertThat(a.exists(AssetName.parse("s.only_here"))).isTrue();
      assertThat(b.exists(AssetName.parse("s.only_here"))).isFalse();
      assertThat(first.location()).isEqualTo(":memory:");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
