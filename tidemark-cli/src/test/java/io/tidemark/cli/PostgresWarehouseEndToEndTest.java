package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project on {@code warehouse.type: postgres} (the server on 127.0.0.1:5432, a database of its
 * own): it runs, a damaged source is noticed, impact names what read it, and once the load is
 * redone repair makes every table equal what it was.
 */
class PostgresWarehouseEndToEndTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

  @TempDir Path dir;
  private String database;

  @BeforeEach
  void project() throws Exception {
    database = "tidemark_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("create database " + database);
    write(
        "tidemark.yml",
        """
        name: pgdemo
        start: 2024-01-01
        warehouse:
          type: postgres
          url: %s%s?user=postgres
        """
            .formatted(SERVER, database));
    write(
        "models/sources.yml",
        """
        sources:
          - schema: raw
            tables:
              - name: events
                partitioning: {grain: day, column: event_time}
        """);
    write(
        "models/staging/stg_events.sql",
        """
        select event_time, cast(event_time as date) as event_date, user_id, amount
        from {{ source('raw', 'events') }}
        where event_time >= timestamp '{{ partition_start }}'
          and event_time < timestamp '{{ partition_end }}'
        """);
    write(
        "models/staging/staging.yml",
        """
        models:
          - name: stg_events
            partitioning: {grain: day, column: event_date}
        """);
    write(
        "models/marts/daily.sql",
        """
        select event_date, count(*) as events, sum(amount) as amount,
               '{{ target.type }}' as engine
        from {{ ref('stg_events') }}
        where event_date = date '{{ partition_start }}'
        group by event_date
        """);
    write(
        "models/marts/marts.yml",
        """
        models:
          - name: daily
            partitioning: {grain: day, column: event_date}
            columns:
              - name: events
                checks: [not_null, unique]
        """);
    sql(
        "create schema raw",
        "create table raw.events as select timestamp '2024-01-01' + (g % 5) * interval '1 day'"
            + " + g * interval '1 second' as event_time, g % 7 as user_id, g as amount"
            + " from generate_series(1, 500) g");
  }

  @AfterEach
  void drop() throws Exception {
    admin("drop database if exists " + database + " with (force)");
  }

  @Test
  void aProjectRunsOnPostgresAndRepairRestoresEveryTable() throws Exception {
    assertThat(cli("validate").exitCode()).isZero();
    assertOk(cli("run", "--start", "2024-01-01", "--end", "2024-01-05"));
    List<String> before = rows("select * from marts.daily order by event_date");
    assertThat(before).hasSize(5).allMatch(row -> row.endsWith("postgres"));
    assertOk(cli("sources", "scan"));

    sql("create table raw.saved as select * from raw.events where event_time::date = '2024-01-03'");
    sql("delete from raw.events where event_time::date = '2024-01-03' and amount % 2 = 0");
    assertOk(cli("sources", "scan"));
    Cli.Result impact = cli("impact", "raw.events", "--start", "2024-01-03", "--end", "2024-01-03");
    assertThat(impact.out()).contains("staging.stg_events", "marts.daily");
    assertOk(cli("repair", "raw.events", "--start", "2024-01-03", "--end", "2024-01-03"));
    assertThat(rows("select events from marts.daily where event_date = '2024-01-03'"))
        .containsExactly("50");

    sql(
        "delete from raw.events where event_time::date = '2024-01-03'",
        "insert into raw.events select * from raw.saved",
        "drop table raw.saved");
    assertOk(cli("sources", "scan"));
    assertOk(cli("repair", "raw.events", "--start", "2024-01-03", "--end", "2024-01-03"));

    assertThat(rows("select * from marts.daily order by event_date")).isEqualTo(before);
    assertOk(cli("check", "--start", "2024-01-01", "--end", "2024-01-05"));
  }

  @Test
  void verifyFindsValuesUpdatedInPlaceAndNotRowsInsertedAgainAsTheyWere() throws Exception {
    assertOk(cli("run", "--start", "2024-01-01", "--end", "2024-01-05"));
    assertOk(cli("verify", "--start", "2024-01-01", "--end", "2024-01-05"));

    sql(
        "create table raw.saved as select * from staging.stg_events",
        "delete from staging.stg_events",
        "insert into staging.stg_events select * from raw.saved order by amount desc");
    Cli.Result same = cli("verify", "--start", "2024-01-01", "--end", "2024-01-05");
    assertOk(same);
    assertThat(same.out()).contains("match the warehouse");

    sql("update staging.stg_events set amount = amount + 1 where amount = 7");
    Cli.Result found = cli("verify", "--start", "2024-01-01", "--end", "2024-01-05");
    assertThat(found.exitCode()).as(found.out() + found.err()).isEqualTo(1);
    assertThat(found.out())
        .contains("staging.stg_events")
        .contains("values changed outside Tidemark")
        .contains("marked invalid");

    assertOk(cli("run", "--start", "2024-01-01", "--end", "2024-01-05"));
    assertThat(rows("select count(*) from staging.stg_events where amount = 7"))
        .containsExactly("1");
    assertOk(cli("verify", "--start", "2024-01-01", "--end", "2024-01-05"));
  }

  private Cli.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-p", dir.toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  private static void assertOk(Cli.Result result) {
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
  }

  private void write(String file, String text) throws IOException {
    Path path = dir.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }

  private void sql(String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER + database, "postgres", "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private List<String> rows(String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(SERVER + database, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(result.getObject(i)));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER + "test", "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
