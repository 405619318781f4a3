package io.tidemark.bench;

import io.tidemark.cli.Main;
import io.tidemark.connectors.jdbc.JdbcLoader;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.LoadMode;
import io.tidemark.core.load.LoadRequest;
import io.tidemark.core.load.LoadSink;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.load.Lookback;
import io.tidemark.core.load.Stageable;
import io.tidemark.core.load.Staging;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.secret.Secrets;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Copying a PostgreSQL table into the warehouse, in rows a second, against the fastest way rows
 * leave PostgreSQL: {@code COPY (SELECT …) TO STDOUT} read by the driver's CopyManager and thrown
 * away (no parsing, no writing). Measured in one JVM, each three times, in turn:
 *
 * <ol>
 *   <li>baseline: COPY TO STDOUT (text format) into a counting stream;
 *   <li>read: {@link JdbcLoader} into a sink that only counts rows (the driver's decoding, no
 *       warehouse);
 *   <li>loader: {@link JdbcLoader} (fetch size 10,000) into a DuckDB staged table through the
 *       appender, as a load stages its rows;
 *   <li>tidemark load: the whole command on a project whose source has a snapshot jdbc load
 *       (staging, the atomic write, fingerprint), on a fresh warehouse each time.
 * </ol>
 *
 * <p>{@code java -cp … io.tidemark.bench.JdbcLoadBenchmark [rows]} (default 1,000,000), with
 * PostgreSQL on 127.0.0.1:5432 (trust, user postgres, database test); the table is made in a schema
 * of its own and dropped afterwards.
 */
public final class JdbcLoadBenchmark {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

  private JdbcLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    String schema = "tm_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Connection postgres = DriverManager.getConnection(SERVER, "postgres", "");
        Statement statement = postgres.createStatement()) {
      statement.execute("create schema " + schema);
      statement.execute(
          "create table "
              + schema
              + ".orders (id bigint primary key, user_id integer, amount numeric(10,2),"
              + " status text, created_at timestamp)");
      statement.execute(
          "insert into "
              + schema
              + ".orders select i, i % 9973, (i % 1000) / 10.0, case when i % 3 = 0 then 'paid'"
              + " else 'open' end, timestamp '2024-01-01' + (i || ' seconds')::interval"
              + " from generate_series(1, "
              + rows
              + ") i");
      statement.execute("vacuum analyze " + schema + ".orders");
      try {
        System.out.printf(
            "rows=%,d (id bigint, user_id int, amount numeric(10,2), status text,"
                + " created_at timestamp)%n",
            rows);
        for (int round = 1; round <= 3; round++) {
          double copy = copyToStdout(postgres, schema);
          double read = loaderAlone(schema, rows);
          double loader = loaderIntoStaging(schema, rows);
          double command = tidemarkLoad(schema, rows);
          System.out.printf(
              "round %d: COPY TO STDOUT %.2f s (%,.0f rows/s) | read %.2f s (%,.0f rows/s, %.2fx"
                  + " COPY) | loader %.2f s (%,.0f rows/s, %.2fx COPY) | tidemark load %.2f s"
                  + " (%,.0f rows/s, %.2fx COPY)%n",
              round,
              copy,
              rows / copy,
              read,
              rows / read,
              read / copy,
              loader,
              rows / loader,
              loader / copy,
              command,
              rows / command,
              command / copy);
        }
      } finally {
        statement.execute("drop schema " + schema + " cascade");
      }
    }
  }

  private static double copyToStdout(Connection postgres, String schema) throws Exception {
    long[] bytes = {0};
    OutputStream counting =
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            bytes[0] += len;
          }
        };
    long start = System.nanoTime();
    postgres
        .unwrap(PGConnection.class)
        .getCopyAPI()
        .copyOut("COPY (SELECT * FROM " + schema + ".orders) TO STDOUT", counting);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (bytes[0] == 0) {
      throw new IllegalStateException("COPY returned nothing");
    }
    return seconds;
  }

  private static LoadSpec spec(String schema) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("from", "jdbc");
    settings.put("url", SERVER);
    settings.put("user", "postgres");
    settings.put("table", schema + ".orders");
    SourceLocation at = new SourceLocation(Path.of("models/sources.yml"), 1);
    return new LoadSpec(
        "jdbc", LoadMode.SNAPSHOT, "", List.of(), Lookback.NONE, settings, Map.of(), at, "b");
  }

  private static LoadRequest request(String schema) {
    return new LoadRequest(
        AssetName.of("raw", "orders"),
        spec(schema),
        Partitioning.NONE,
        PartitionKey.ALL,
        Optional.empty());
  }

  private static double loaderAlone(String schema, long rows) {
    long[] read = {0};
    LoadSink counting =
        new LoadSink() {
          @Override
          public void columns(List<LoadColumn> columns) {}

          @Override
          public void row(Object[] values) {
            read[0]++;
          }

          @Override
          public void quarantine(String file, long line, String reason, String record) {
            throw new IllegalStateException(reason);
          }

          @Override
          public void note(String message) {}
        };
    long start = System.nanoTime();
    new JdbcLoader(Secrets.NONE).load(request(schema), counting);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (read[0] != rows) {
      throw new IllegalStateException("read " + read[0] + " rows of " + rows);
    }
    return seconds;
  }

  private static double loaderIntoStaging(String schema, long rows) throws Exception {
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.openInMemory();
        WarehouseSession session = warehouse.openSession()) {
      Staging staging = ((Stageable) session).staging();
      long[] appended = {0};
      Staging.StagedRows[] staged = new Staging.StagedRows[1];
      LoadSink sink =
          new LoadSink() {
            @Override
            public void columns(List<LoadColumn> columns) {
              staged[0] = staging.stage(columns);
            }

            @Override
            public void row(Object[] values) {
              staged[0].append(values);
              appended[0]++;
            }

            @Override
            public void quarantine(String file, long line, String reason, String record) {
              throw new IllegalStateException(reason);
            }

            @Override
            public void note(String message) {}
          };
      long start = System.nanoTime();
      new JdbcLoader(Secrets.NONE).load(request(schema), sink);
      staged[0].finish();
      double seconds = (System.nanoTime() - start) / 1e9;
      try (Statement statement = session.jdbcConnection().orElseThrow().createStatement();
          ResultSet count =
              statement.executeQuery("select count(*) from " + staged[0].relation())) {
        count.next();
        if (count.getLong(1) != rows || appended[0] != rows) {
          throw new IllegalStateException("staged " + count.getLong(1) + " rows of " + rows);
        }
      }
      staged[0].close();
      return seconds;
    }
  }

  private static double tidemarkLoad(String schema, long rows) throws Exception {
    Path project = Files.createTempDirectory("tidemark-jdbc-bench");
    Files.writeString(
        project.resolve("tidemark.yml"),
        "name: jdbc_bench\nstart: 2024-01-01\nwarehouse:\n  type: duckdb\n  path: warehouse.duckdb\n"
            + "state:\n  url: jdbc:sqlite:.tidemark/state.db\nrun:\n  threads: 1\n  retries: 0\n",
        StandardCharsets.UTF_8);
    Files.createDirectories(project.resolve("models"));
    Files.writeString(
        project.resolve("models/sources.yml"),
        "sources:\n  - schema: raw\n    tables:\n      - name: orders\n        load:\n"
            + "          from: jdbc\n          url: "
            + SERVER
            + "\n          user: postgres\n          table: "
            + schema
            + ".orders\n",
        StandardCharsets.UTF_8);
    StringWriter out = new StringWriter();
    long start = System.nanoTime();
    int code =
        Main.execute(
            new String[] {"load", "-p", project.toString(), "--no-color"},
            new PrintWriter(out),
            new PrintWriter(out));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("tidemark load failed:\n" + out);
    }
    try (Connection duckdb =
            DriverManager.getConnection("jdbc:duckdb:" + project.resolve("warehouse.duckdb"));
        Statement statement = duckdb.createStatement();
        ResultSet count = statement.executeQuery("select count(*) from raw.orders")) {
      count.next();
      if (count.getLong(1) != rows) {
        throw new IllegalStateException("loaded " + count.getLong(1) + " rows of " + rows);
      }
    }
    return seconds;
  }
}
