package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PostgreSQL table loaded as a source and read by a model, through `load` and `run`. */
class JdbcLoadEndToEndTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  @TempDir Path dir;
  private final String schema =
      "tm_load_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  @BeforeEach
  void createServiceTable() throws Exception {
    sql(
        "create schema " + schema,
        "create table "
            + schema
            + ".orders (id bigint primary key, user_id integer, amount numeric(10,2),"
            + " status text, created_at timestamp)",
        "insert into "
            + schema
            + ".orders select i, i % 7, (i % 10) + 0.5, case when i % 3 = 0 then 'paid' else"
            + " 'open' end, timestamp '2024-01-01' + (i || ' hours')::interval from"
            + " generate_series(0, 95) i");
  }

  @AfterEach
  void dropSchema() throws Exception {
    sql("drop schema if exists " + schema + " cascade");
  }

  private static void sql(String... statements) throws Exception {
    try (Connection connection = DriverManager.getConnection(SERVER);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private TestProject project(String mode) {
    TestProject project = TestProject.standard(dir);
    project.write(
        "models/sources.yml",
        """
        sources:
          - schema: raw
            tables:
              - name: events
                partitioning: {grain: day, column: event_time}
              - name: orders
                partitioning: {grain: day, column: created_at}
                columns:
                  - name: id
                    checks: [not_null, unique]
                load:
                  from: jdbc
                  url: jdbc:postgresql://127.0.0.1:5432/test
                  user: postgres
                  password: ${secret:SHOP_PASSWORD}
                  table: SCHEMA.orders
                  mode: MODE
                  fetch_size: 10
        """
            .replace("SCHEMA", schema)
            .replace("MODE", mode));
    project.write(
        "models/marts/orders_daily.sql",
        """
        select cast(created_at as date) as order_date, count(*) as orders, sum(amount) as amount
        from {{ source('raw', 'orders') }}
        where created_at >= timestamp '{{ partition_start }}'
          and created_at < timestamp '{{ partition_end }}'
        group by 1
        """);
    project.write(
        "models/marts/orders.yml",
        """
        models:
          - name: orders_daily
            partitioning: {grain: day, column: order_date}
        """);
    SecretsCommandTest.withInput("any", "secrets", "set", "SHOP_PASSWORD", "-p", dir.toString());
    return project.withEvents(2);
  }

  @Test
  void loadCopiesEachDayAndRunBuildsTheModelOnIt() throws Exception {
    TestProject project = project("partition");
    Cli.Result load =
        project.cli("load", "--start", "2024-01-01", "--end", "2024-01-04", "--no-color");
    assertThat(load.exitCode()).as(load.all()).isZero();
    assertThat(count(project, "select count(*) from raw.orders")).isEqualTo(96);
    assertThat(count(project, "select count(*) from raw.orders where amount = 0.5")).isEqualTo(10);

    Cli.Result again =
        project.cli("load", "--start", "2024-01-01", "--end", "2024-01-04", "--no-color");
    assertThat(again.out()).contains("Nothing to do");

    Cli.Result run =
        project.cli("run", "-s", "orders_daily", "--start", "2024-01-01", "--end", "2024-01-04");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(count(project, "select sum(orders) from marts.orders_daily")).isEqualTo(96);
  }

  @Test
  void aMissingTableIsAClearErrorAndEarlierPartitionsStay() throws Exception {
    TestProject project = project("partition");
    assertThat(project.cli("load", "--start", "2024-01-01", "--end", "2024-01-01").exitCode())
        .isZero();
    sql("drop table " + schema + ".orders");

    Cli.Result load =
        project.cli("load", "--start", "2024-01-02", "--end", "2024-01-02", "--no-color");
    assertThat(load.exitCode()).isEqualTo(1);
    assertThat(load.all())
        .contains("source raw.orders (jdbc, jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(load.all()).contains("does not exist");
    assertThat(count(project, "select count(*) from raw.orders")).isEqualTo(24);
  }

  static long count(TestProject project, String sql) throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:duckdb:" + project.root.resolve("warehouse.duckdb"));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
