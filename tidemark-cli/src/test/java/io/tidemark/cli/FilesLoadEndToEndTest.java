package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log files (gzip JSON lines, CSV, Parquet) loaded by day from their paths, bad records
 * quarantined.
 */
class FilesLoadEndToEndTest {
  @TempDir Path dir;

  private void gzip(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void jsonLinesByPathWithQuarantineAndDrift() throws Exception {
    TestProject project = TestProject.standard(dir);
    project.write(
        "models/sources.yml",
        """
        sources:
          - schema: raw
            tables:
              - name: events
                partitioning: {grain: day, column: event_time}
              - name: app_log
                partitioning: {grain: day, column: ts}
                load:
                  from: files
                  path: logs/{date}/*.json.gz
                  fields: {ts: timestamp, user_id: bigint, action: varchar}
        """);
    gzip(
        "logs/2024-01-01/a.json.gz",
        """
        {"ts": "2024-01-01T10:00:00Z", "user_id": 1, "action": "open"}
        {"ts": "2024-01-01T11:00:00+02:00", "user_id": 2, "action": "view"}
        {"ts": "2024-01-01T12:00:00Z", "user_id": "x", "action": "view"}
        not json at all
        {"ts": "2024-01-01T13:00:00Z", "user_id": 3, "action": "buy", "price": 5}
        """);
    gzip(
        "logs/2024-01-02/b.json.gz",
        """
        {"ts": "2024-01-02T00:30:00", "user_id": 4, "action": "open"}
        {"ts": "2024-01-03T00:30:00", "user_id": 5, "action": "late"}
        """);

    Cli.Result load =
        project.cli("load", "--start", "2024-01-01", "--end", "2024-01-02", "--no-color");
    assertThat(load.exitCode()).as(load.all()).isZero();
    assertThat(JdbcLoadEndToEndTest.count(project, "select count(*) from raw.app_log"))
        .isEqualTo(4);
    assertThat(
            JdbcLoadEndToEndTest.count(
                project,
                "select count(*) from raw.app_log where ts = timestamp '2024-01-01 09:00:00'"))
        .isEqualTo(1);
    assertThat(JdbcLoadEndToEndTest.count(project, "select count(*) from raw.app_log_quarantine"))
        .isEqualTo(3);
    assertThat(
            JdbcLoadEndToEndTest.count(
                project,
                "select count(*) from raw.app_log_quarantine where file = 'logs/2024-01-01/a.json.gz'"
                    + " and line = 4 and reason like 'malformed JSON%'"))
        .isEqualTo(1);
    assertThat(load.all()).contains("2 records could not be read; see raw.app_log_quarantine");
    assertThat(load.all()).contains("schema drift: new field 'price'");
  }

  @Test
  void csvByTimestampField() throws Exception {
    TestProject project = TestProject.standard(dir);
    project.write(
        "models/sources.yml",
        """
        sources:
          - schema: raw
            tables:
              - name: events
                partitioning: {grain: day, column: event_time}
              - name: payments
                partitioning: {grain: day, column: paid_at}
                load:
                  from: files
                  path: exports/*.csv
                  fields: {paid_at: timestamp, amount: "decimal(10,2)", ok: boolean}
        """);
    project.write(
        "exports/p1.csv",
        "paid_at,amount,ok\n2024-01-01 10:00:00,1.50,true\n2024-01-02 10:00:00,2.25,false\n"
            + "2024-01-02 11:00:00,abc,true\n");

    Cli.Result load =
        project.cli("load", "--start", "2024-01-01", "--end", "2024-01-02", "--no-color");
    assertThat(load.exitCode()).as(load.all()).isZero();
    assertThat(JdbcLoadEndToEndTest.count(project, "select count(*) from raw.payments"))
        .isEqualTo(2);
    assertThat(JdbcLoadEndToEndTest.count(project, "select count(*) from raw.payments_quarantine"))
        .isEqualTo(1);
  }

  /** Writes a Parquet file with DuckDB: {@code select} gives its columns and rows. */
  private void parquet(String relative, String select) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("copy (" + select + ") to '" + file + "' (format parquet)");
    }
  }

  @Test
  void parquetByPathWithDriftAndQuarantine() throws Exception {
    TestProject project = TestProject.standard(dir);
    project.write(
        "models/sources.yml",
        """
        sources:
          - schema: raw
            tables:
              - name: events
                partitioning: {grain: day, column: event_time}
              - name: app_log
                partitioning: {grain: day, column: ts}
                load:
                  from: files
                  path: logs/{date}/*.parquet
                  fields: {ts: timestamp, user_id: bigint, action: varchar, amount: "decimal(10,2)"}
        """);
    parquet(
        "logs/2024-01-01/a.parquet",
        "select * from (values (timestamp '2024-01-01 10:00:00', 1, 'open', 1.50, 9),"
            + " (timestamp '2024-01-01 11:00:00', 2, 'view', null, 9))"
            + " t(ts, user_id, action, amount, price)");
    parquet(
        "logs/2024-01-02/b.parquet",
        "select * from (values (timestamptz '2024-01-02 01:30:00+01', '4', 'open', 2.25),"
            + " (timestamptz '2024-01-02 02:00:00+00', 'x', 'view', 0.00))"
            + " t(ts, user_id, action, amount)");
    project.write("logs/2024-01-02/c.parquet", "not a parquet file");
    parquet(
        "logs/2024-01-02/d.parquet",
        "select timestamp '2024-01-02 23:00:00' as ts, 5 as user_id, 'buy' as action,"
            + " 10 as amount");

    Cli.Result load =
        project.cli("load", "--start", "2024-01-01", "--end", "2024-01-02", "--no-color");

    assertThat(load.exitCode()).as(load.all()).isZero();
    assertThat(JdbcLoadEndToEndTest.count(project, "select count(*) from raw.app_log"))
        .isEqualTo(4);
    assertThat(
            JdbcLoadEndToEndTest.count(
                project,
                "select count(*) from raw.app_log where ts = timestamp '2024-01-02 00:30:00'"
                    + " and user_id = 4 and amount = 2.25"))
        .isEqualTo(1);
    assertThat(
            JdbcLoadEndToEndTest.count(
                project,
                "select count(*) from raw.app_log_quarantine where file = 'logs/2024-01-02/b.parquet'"
                    + " and line = 2 and reason like 'field user_id%'"))
        .isEqualTo(1);
    assertThat(
            JdbcLoadEndToEndTest.count(
                project,
                "select count(*) from raw.app_log_quarantine where file = 'logs/2024-01-02/c.parquet'"
                    + " and reason like 'unreadable Parquet file%'"))
        .isEqualTo(1);
    assertThat(load.all())
        .contains("schema drift: new field 'price'")
        .contains("schema drift: field 'user_id' changed from text to number");
  }
}
