package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.Requests.day;
import static io.tidemark.warehouse.duckdb.Requests.eventsOn;
import static io.tidemark.warehouse.duckdb.Requests.partition;
import static io.tidemark.warehouse.duckdb.TestData.FIRST_DAY;
import static io.tidemark.warehouse.duckdb.TestData.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalWriteTest {
  static final String TARGET = "staging.daily_events";
  static final LocalDate DAY_2 = FIRST_DAY.plusDays(1);
  static final LocalDate DAY_3 = FIRST_DAY.plusDays(2);

  @TempDir Path directory;
  DuckDbWarehouse warehouse;
  DuckDbSession session;

  @BeforeEach
  void open() {
    warehouse = DuckDbWarehouse.open(directory.resolve("warehouse.duckdb"));
    session = warehouse.openSession();
    TestData.events(session, 5, 100);
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void incrementalWriteReplacesOnlyItsPartition() {
    for (LocalDate d : List.of(FIRST_DAY, DAY_2, DAY_3)) {
      session.write(day(TARGET, "event_date", d, eventsOn(d)));
    }
    String doubled =
        eventsOn(DAY_2)
            .replace("amount FROM", "amount * 2 AS amount FROM")
            .replace("WHERE", "WHERE user_id < 40 AND");

    WriteResult result = session.write(day(TARGET, "event_date", DAY_2, doubled));

    assertThat(result.rows()).isEqualTo(40);
    assertThat(perDay("count(*)")).containsExactly(100L, 40L, 100L);
    assertThat(perDay("sum(amount)")).containsExactly(49_500L, 2 * 7_800L, 49_500L);
  }

  @Test
  void rerunningAPartitionNeverDuplicatesRows() {
    for (int run = 0; run < 3; run++) {
      session.write(day(TARGET, "event_date", DAY_2, eventsOn(DAY_2)));
    }

    assertThat(count(session, "SELECT count(*) FROM " + TARGET)).isEqualTo(100);
    assertThat(count(session, "SELECT count(DISTINCT user_id) FROM " + TARGET)).isEqualTo(100);
  }

  @Test
  void rowsOutsideThePartitionAreRejectedAndNothingChanges() {
    session.write(day(TARGET, "event_date", FIRST_DAY, eventsOn(FIRST_DAY)));
    String leaky =
        "SELECT event_date, user_id, amount FROM raw.events WHERE event_date <= DATE '"
            + DAY_2
            + "' AND user_id < 12";

    assertThatThrownBy(() -> session.write(day(TARGET, "event_date", DAY_2, leaky)))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUERY);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "model staging.daily_events wrote 12 rows outside partition 2024-01-02"
                          + " (column event_date must be in [2024-01-02, 2024-01-03));"
                          + " filter on {{ partition_start }} and {{ partition_end }}");
            });
    assertThat(perDay("count(*)")).containsExactly(100L);
  }

  @Test
  void nullPartitionValuesCountAsOutsideThePartition() {
    String withNulls =
        eventsOn(DAY_2)
            .replace(
                "SELECT event_date",
                "SELECT CASE WHEN user_id < 3 THEN NULL ELSE event_date END AS event_date");

    assertThatThrownBy(() -> session.write(day(TARGET, "event_date", DAY_2, withNulls)))
        .hasMessageContaining("wrote 3 rows outside partition 2024-01-02")
        .hasMessageContaining("3 of them NULL");
    assertThat(session.exists(AssetName.parse(TARGET))).isFalse();
  }

  @Test
  void failedWriteLeavesPreviousPartitionIntact() {
    // A CHECK on the table makes the insert fail after the partition's rows were deleted.
    session.execute("CREATE SCHEMA staging");
    session.execute(
        "CREATE TABLE staging.daily_events"
            + " (event_date DATE, user_id BIGINT, amount BIGINT CHECK (amount < 500))");
    session.write(
        day(
            TARGET,
            "event_date",
            DAY_2,
            eventsOn(DAY_2).replace("WHERE", "WHERE user_id < 50 AND")));
    List<Object> before =
        session.query("SELECT count(*), sum(amount) FROM " + TARGET, 1).rows().get(0);

    assertThatThrownBy(() -> session.write(day(TARGET, "event_date", DAY_2, eventsOn(DAY_2))))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUERY);
              assertThat(e.getMessage()).contains("CHECK constraint");
            });
    String failingSelect =
        eventsOn(DAY_2).replace("amount FROM", "CAST('x' || amount AS BIGINT) AS amount FROM");
    assertThatThrownBy(() -> session.write(day(TARGET, "event_date", DAY_2, failingSelect)))
        .hasMessageContaining("Conversion Error");

    assertThat(session.query("SELECT count(*), sum(amount) FROM " + TARGET, 1).rows().get(0))
        .isEqualTo(before)
        .containsExactly(50L, 12_250L);
  }

  @Test
  void hourAndMonthPartitionsWorkOnTimestampColumns() {
    session.execute(
        "CREATE TABLE raw.clicks AS SELECT TIMESTAMP '2024-01-31 22:00:00' + INTERVAL (m) MINUTE AS"
            + " clicked_at, m AS id FROM range(180) t(m)");
    PartitionKey hour = PartitionKey.parse(Grain.HOUR, "2024-01-31T23");
    String hourly =
        "SELECT clicked_at, id FROM raw.clicks WHERE clicked_at >= TIMESTAMP '2024-01-31 23:00'"
            + " AND clicked_at < TIMESTAMP '2024-02-01 00:00'";
    PartitionKey february = PartitionKey.parse(Grain.MONTH, "2024-02");
    String monthly =
        "SELECT clicked_at, id FROM raw.clicks WHERE clicked_at >= TIMESTAMP '2024-02-01'";

    assertThat(session.write(partition("staging.hourly", "clicked_at", hour, hourly)).rows())
        .isEqualTo(60);
    assertThat(session.write(partition("staging.monthly", "clicked_at", february, monthly)).rows())
        .isEqualTo(60);
    assertThatThrownBy(
            () -> session.write(partition("staging.hourly", "clicked_at", hour, monthly)))
        .hasMessageContaining(
            "60 rows outside partition 2024-01-31T23 (column clicked_at must be in"
                + " [2024-01-31 23:00, 2024-02-01))");
    assertThat(count(session, "SELECT count(*) FROM staging.hourly")).isEqualTo(60);
  }

  @Test
  void timestampWithTimeZoneColumnsArePartitionedInUtc() {
    session.execute("SET TimeZone = 'America/New_York'");
    // 02:00 UTC on the 2nd is still the 1st in New York: a naive comparison would reject it.
    String sql =
        "SELECT TIMESTAMPTZ '2024-01-02 02:00:00+00' AS seen_at, 1 AS id UNION ALL"
            + " SELECT TIMESTAMPTZ '2024-01-02 23:59:59+00', 2";

    WriteResult result = session.write(day("staging.seen", "seen_at", DAY_2, sql));

    assertThat(result.rows()).isEqualTo(2);
  }

  @Test
  void schemaChangeIsReportedWithTheDifference() {
    session.write(day(TARGET, "event_date", FIRST_DAY, eventsOn(FIRST_DAY)));
    String changed =
        "SELECT event_date, user_id::INTEGER AS user_id, 'web' AS channel FROM raw.events"
            + " WHERE event_date = DATE '"
            + DAY_2
            + "'";

    assertThatThrownBy(() -> session.write(day(TARGET, "event_date", DAY_2, changed)))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUERY);
              assertThat(e.getMessage())
                  .startsWith(
                      "model staging.daily_events no longer matches its table: added channel"
                          + " VARCHAR; user_id changed from BIGINT to INTEGER; removed amount"
                          + " BIGINT.");
            });
    assertThat(perDay("count(*)")).containsExactly(100L);
  }

  @Test
  void columnOrderAndNameCaseAreNotSchemaChanges() {
    session.write(day(TARGET, "event_date", FIRST_DAY, eventsOn(FIRST_DAY)));
    String reordered =
        "SELECT amount AS AMOUNT, user_id, event_date FROM raw.events WHERE event_date = DATE '"
            + DAY_2
            + "'";

    session.write(day(TARGET, "event_date", DAY_2, reordered));

    assertThat(perDay("sum(amount)")).containsExactly(49_500L, 49_500L);
  }

  @Test
  void partitionColumnMustBeReturnedAndBeATime() {
    assertThatThrownBy(
            () -> session.write(day(TARGET, "event_day", FIRST_DAY, eventsOn(FIRST_DAY))))
        .hasMessage(
            "model staging.daily_events returns no column event_day, its partition column"
                + " (it returns event_date, user_id, amount)");
    assertThatThrownBy(
            () -> session.write(day(TARGET, "label", FIRST_DAY, "SELECT '2024-01-01' AS label")))
        .hasMessage(
            "partition column label of model staging.daily_events is VARCHAR; it must be a DATE"
                + " or TIMESTAMP");
  }

  @Test
  void modelMayReadItsOwnEarlierPartition() {
    session.write(day(TARGET, "event_date", FIRST_DAY, eventsOn(FIRST_DAY)));
    String cumulative =
        "SELECT event_date + 1 AS event_date, user_id, amount + 1 AS amount FROM "
            + TARGET
            + " WHERE event_date = DATE '"
            + FIRST_DAY
            + "'";

    session.write(day(TARGET, "event_date", DAY_2, cumulative));

    assertThat(perDay("sum(amount)")).containsExactly(49_500L, 49_600L);
  }

  @Test
  void writeReportsRowsAndTheirUncompressedSize() {
    // DATE (4 bytes) + BIGINT (8) + a 5-character string per row.
    String sql =
        "SELECT event_date, user_id, 'abcde' AS label FROM raw.events WHERE event_date = DATE '"
            + DAY_2
            + "'";

    WriteResult result = session.write(day(TARGET, "event_date", DAY_2, sql));

    assertThat(new WriteResult(result.rows(), result.bytesWritten()))
        .isEqualTo(new WriteResult(100, 100 * (4 + 8 + 5)));
  }

  @Test
  void emptyResultEmptiesThePartition() {
    session.write(day(TARGET, "event_date", DAY_2, eventsOn(DAY_2)));

    WriteResult result =
        session.write(day(TARGET, "event_date", DAY_2, eventsOn(DAY_2) + " AND false"));

    assertThat(result.rows()).isZero();
    assertThat(count(session, "SELECT count(*) FROM " + TARGET)).isZero();
  }

  @Test
  void unpartitionedIncrementalModelIsAProjectError() {
    var request =
        new WriteRequest(
            AssetName.parse(TARGET),
            Materialization.INCREMENTAL,
            Partitioning.NONE,
            PartitionKey.ALL,
            "SELECT 1 AS x",
            1);

    assertThatThrownBy(() -> session.write(request))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PROJECT));
  }

  private List<Object> perDay(String aggregate) {
    return session
        .query(
            "SELECT " + aggregate + " FROM " + TARGET + " GROUP BY event_date ORDER BY event_date",
            100)
        .rows()
        .stream()
        .map(row -> row.get(0))
        .toList();
  }
}
