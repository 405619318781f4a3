package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.Requests.table;
import static io.tidemark.warehouse.duckdb.Requests.view;
import static io.tidemark.warehouse.duckdb.TestData.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.warehouse.WriteResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableAndViewWriteTest {
  @TempDir Path directory;
  DuckDbWarehouse warehouse;
  DuckDbSession session;

  @BeforeEach
  void open() {
    warehouse = DuckDbWarehouse.open(directory.resolve("nested/dirs/warehouse.duckdb"));
    session = warehouse.openSession();
    TestData.events(session, 3, 100);
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void tableWriteCreatesTheSchemaAndReportsRows() {
    WriteResult result =
        session.write(table("marts.users", "SELECT DISTINCT user_id FROM raw.events"));

    assertThat(result.rows()).isEqualTo(100);
    assertThat(count(session, "SELECT count(*) FROM marts.users")).isEqualTo(100);
  }

  @Test
  void tableWriteReplacesAtomically() {
    session.write(table("marts.users", "SELECT DISTINCT user_id FROM raw.events"));

    // Fails at run time, after the new table has started to fill.
    assertThatThrownBy(
            () ->
                session.write(
                    table(
                        "marts.users",
                        "SELECT user_id, CAST(CASE WHEN user_id < 99 THEN '1' ELSE 'x' END AS"
                            + " INTEGER) AS flag FROM raw.events")))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUERY);
              assertThat(e.getMessage()).startsWith("Conversion Error");
            });
    assertThat(session.query("SELECT * FROM marts.users LIMIT 1", 1).columns())
        .containsExactly("user_id");
    assertThat(count(session, "SELECT count(*) FROM marts.users")).isEqualTo(100);

    WriteResult replaced =
        session.write(table("marts.users", "SELECT user_id, 1 AS flag FROM raw.events"));

    assertThat(replaced.rows()).isEqualTo(300);
    assertThat(session.query("SELECT * FROM marts.users LIMIT 1", 1).columns())
        .containsExactly("user_id", "flag");
  }

  @Test
  void readersOnOtherSessionsSeeTheOldTableOrTheNewOneNeverAGap() throws Exception {
    session.write(table("marts.numbers", "SELECT range AS n FROM range(1000)"));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (DuckDbSession reader = warehouse.openSession()) {
      Future<?> writer =
          executor.submit(
              () -> {
                for (int version = 2; version <= 30; version++) {
                  session.write(
                      table(
                          "marts.numbers", "SELECT range AS n FROM range(" + 1000 * version + ")"));
                }
              });
      Set<Long> seen = new TreeSet<>();
      while (!writer.isDone()) {
        seen.add(count(reader, "SELECT count(*) FROM marts.numbers"));
      }
      writer.get();
      seen.add(count(reader, "SELECT count(*) FROM marts.numbers"));

      assertThat(seen).allSatisfy(rows -> assertThat(rows % 1000).isZero()).contains(30_000L);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void tableWriteEstimatesBytesFromColumnTypesAndMeasuredStrings() {
    // BIGINT (8) + DOUBLE (8) + DECIMAL(9,2) (4) + a string of 3 or 6 characters, alternating.
    String sql =
        "SELECT range AS id, range / 2 AS half, 1.5::DECIMAL(9,2) AS price,"
            + " CASE WHEN range % 2 = 0 THEN 'abc' ELSE 'abcdef' END AS label FROM range(1000)";

    WriteResult small = session.write(table("marts.sized", sql));

    assertThat(new WriteResult(small.rows(), small.bytesWritten()))
        .isEqualTo(new WriteResult(1000, 1000 * (8 + 8 + 4) + 500 * 3 + 500 * 6));

    // Beyond the sample, strings are scaled from the rows measured.
    WriteResult large =
        session.write(table("marts.sized", sql.replace("range(1000)", "range(200000)")));
    assertThat(large.rows()).isEqualTo(200_000);
    assertThat(large.bytesWritten()).isEqualTo(200_000L * 20 + 100_000L * 3 + 100_000L * 6);
  }

  @Test
  void viewIsCreated() {
    WriteResult result =
        session.write(
            view("marts.big_spenders", "SELECT user_id FROM raw.events WHERE amount >= 900"));

    assertThat(result).isEqualTo(new WriteResult(0, 0));
    assertThat(session.exists(AssetName.parse("marts.big_spenders"))).isTrue();
    assertThat(count(session, "SELECT count(*) FROM marts.big_spenders")).isEqualTo(30);
    assertThat(
            count(session, "SELECT count(*) FROM duckdb_views() WHERE view_name = 'big_spenders'"))
        .isEqualTo(1);
  }

  @Test
  void switchingAModelBetweenViewAndTableReplacesTheRelation() {
    session.write(view("marts.flex", "SELECT 1 AS x"));

    assertThat(session.write(table("marts.flex", "SELECT 2 AS x")).rows()).isEqualTo(1);
    assertThat(session.query("SELECT x FROM marts.flex", 1).rows()).containsExactly(List.of(2L));

    session.write(view("marts.flex", "SELECT 3 AS x"));
    assertThat(session.query("SELECT x FROM marts.flex", 1).rows()).containsExactly(List.of(3L));
    assertThat(count(session, "SELECT count(*) FROM duckdb_views() WHERE view_name = 'flex'"))
        .isEqualTo(1);
  }

  @Test
  void schemaDroppedBehindTheWarehousesBackIsCreatedAgain() {
    session.write(table("marts.a", "SELECT 1 AS x"));
    session.execute("DROP SCHEMA marts CASCADE");

    assertThat(session.write(table("marts.a", "SELECT 1 AS x")).rows()).isEqualTo(1);
    assertThat(
            session
                .write(
                    Requests.day(
                        "marts.b", "d", TestData.FIRST_DAY, "SELECT DATE '2024-01-01' AS d"))
                .rows())
        .isEqualTo(1);
  }

  @Test
  void engineErrorsCarryTheEngineMessageWithoutTheEchoedStatement() {
    assertThatThrownBy(() -> session.write(table("marts.x", "SELECT * FROM raw.nowhere")))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUERY);
              assertThat(e.getMessage())
                  .startsWith("Catalog Error: Table with name nowhere does not exist!")
                  .doesNotContain("LINE 1")
                  .doesNotContain("\n");
              assertThat(e.getCause()).isInstanceOf(java.sql.SQLException.class);
            });
  }
}
