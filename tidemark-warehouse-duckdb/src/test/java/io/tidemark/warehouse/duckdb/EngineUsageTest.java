package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.Requests.day;
import static io.tidemark.warehouse.duckdb.Requests.eventsOn;
import static io.tidemark.warehouse.duckdb.Requests.table;
import static io.tidemark.warehouse.duckdb.Requests.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.warehouse.EngineUsage;
import io.tidemark.core.warehouse.WriteResult;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.duckdb.ProfilerPrintFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineUsageTest {
  @TempDir Path directory;
  DuckDbWarehouse warehouse;
  DuckDbSession session;

  @BeforeEach
  void open() {
    warehouse = DuckDbWarehouse.open(directory.resolve("warehouse.duckdb"));
    session = warehouse.openSession();
    TestData.events(session, 3, 100);
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void tableWriteReportsTheRowsAndBytesItsScansReadAndThePeakMemory() {
    WriteResult result =
        session.write(
            table(
                "marts.spend", "SELECT user_id, sum(amount) AS spent FROM raw.events GROUP BY 1"));

    EngineUsage usage = result.engine();
    assertThat(usage.rowsRead()).isEqualTo(300);
    // Two BIGINT-or-narrower columns of 300 rows: at least 300 * 2 * 4 bytes, far below a MB.
    assertThat(usage.bytesScanned()).isBetween(2_400L, 1_000_000L);
    assertThat(usage.peakMemoryBytes()).isPositive();
  }

  @Test
  void partitionWriteReportsTheInsertNotTheStatementsAroundIt() {
    session.write(
        day("marts.daily", "event_date", TestData.FIRST_DAY, eventsOn(TestData.FIRST_DAY)));

    WriteResult second =
        session.write(
            day(
                "marts.daily",
                "event_date",
                TestData.FIRST_DAY.plusDays(1),
                eventsOn(TestData.FIRST_DAY.plusDays(1))));

    // The insert scans raw.events (300 rows, one row group), not the 200 rows of marts.daily
    // that the check after it counts.
    assertThat(second.engine().rowsRead()).isEqualTo(300);
    assertThat(second.engine().bytesScanned()).isPositive();
  }

  @Test
  void theProfileTracksOnlyTheFiguresItIsReadFor() throws Exception {
    try (DuckDBConnection connection =
        (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
      assertThat(EngineProfile.enable(connection)).isTrue();
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE s AS SELECT i FROM range(3000000) r(i)");
        statement.execute("CREATE TABLE t AS SELECT i % 1000 AS k, sum(i) AS s FROM s GROUP BY 1");
      }
      String profile = connection.getProfilingInformation(ProfilerPrintFormat.JSON);

      assertThat(profile).doesNotContain("optimizer", "planner", "\"timing\"", "extra_info");
      EngineUsage usage = EngineProfile.parse(profile);
      assertThat(usage.rowsRead()).isEqualTo(3_000_000);
      assertThat(usage.bytesScanned()).isGreaterThanOrEqualTo(3_000_000L * 8);
      assertThat(usage.cpuMillis()).isPositive();
      assertThat(usage.peakMemoryBytes()).isPositive();
    }
  }

  @Test
  void viewWriteReportsNothing() {
    assertThat(session.write(view("marts.v", "SELECT * FROM raw.events")).engine())
        .isEqualTo(EngineUsage.NONE);
  }

  @Test
  void profileParsingTakesCpuSecondsScansAndPeakBufferMemory() {
    String profile =
        """
        {"io": {"total_bytes_read": 0},
         "operator": [{"type": "RESULT_COLLECTOR", "intermediate_size_bytes": 0, "children": [
           {"type": "HASH_JOIN", "intermediate_size_bytes": 999, "children": [
             {"type": "TABLE_SCAN", "rows_scanned": 1000, "intermediate_size_bytes": 8000,
              "children": []},
             {"type": "READ_PARQUET", "rows_scanned": 50, "intermediate_size_bytes": 400,
              "children": []}]}]}],
         "query": {"cpu_time": 1.2345, "total_rows_scanned": 1050},
         "system": {"peak_buffer_memory": 4992960}}
        """;

    assertThat(EngineProfile.parse(profile)).isEqualTo(new EngineUsage(1050, 8400, 1235, 4992960));
  }

  @Test
  void anUnreadableProfileCostsTheFiguresOnly() {
    assertThat(EngineProfile.parse("not json")).isEqualTo(EngineUsage.NONE);
  }
}
