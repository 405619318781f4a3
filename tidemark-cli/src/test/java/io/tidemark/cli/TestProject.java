package io.tidemark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A small project in a temporary directory: a daily source {@code raw.events} and models with every
 * kind of partition mapping.
 */
final class TestProject {
  final Path root;

  TestProject(Path root) {
    this.root = root;
  }

  static TestProject standard(Path root) {
    TestProject project = new TestProject(root);
    project.write(
        "tidemark.yml",
        """
        name: test_project
        start: 2024-01-01
        warehouse:
          type: duckdb
          path: warehouse.duckdb
        state:
          url: jdbc:sqlite:.tidemark/state.db
        run:
          threads: 2
          retries: 0
          retry_backoff: 0s
        pipelines:
          daily:
            description: daily things
            schedule: "0 3 * * *"
        """);
    project.sourceProperties("");
    project.write(
        "models/staging/stg_events.sql",
        """
        select event_id, user_id, event_time, cast(event_time as date) as event_date, amount
        from {{ source('raw', 'events') }}
        where event_time >= timestamp '{{ partition_start }}'
          and event_time < timestamp '{{ partition_end }}'
        """);
    project.write(
        "models/marts/daily_totals.sql",
        """
        select event_date, count(*) as events, sum(amount) as amount
        from {{ ref('stg_events') }}
        where event_date = date '{{ partition_start }}'
        group by event_date
        """);
    project.write(
        "models/marts/weekly_users.sql",
        """
        select date '{{ partition_start }}' as day, count(distinct user_id) as users_7d
        from {{ ref('stg_events') }}
        where event_date > date '{{ partition_start }}' - interval 7 day
          and event_date <= date '{{ partition_start }}'
        """);
    project.write(
        "models/marts/monthly_totals.sql",
        """
        select date_trunc('month', event_date) as month, sum(events) as events, sum(amount) as amount
        from {{ ref('daily_totals') }}
        where event_date >= date '{{ partition_start }}' and event_date < date '{{ partition_end }}'
        group by 1
        """);
    project.write(
        "models/marts/cumulative_amount.sql",
        """
        select date '{{ partition_start }}' as day,
               {% if is_incremental() %}
               coalesce((select total from {{ this }} where day = date '{{ partition_start }}' - interval 1 day), 0)
               {% else %} 0 {% endif %}
                 + coalesce((select sum(amount) from {{ ref('daily_totals') }} where event_date = date '{{ partition_start }}'), 0) as total
        """);
    project.write(
        "models/marts/all_time.sql",
        """
        select count(*) as days, sum(events) as events from {{ ref('daily_totals') }}
        """);
    project.write(
        "models/marts/marts.yml",
        """
        models:
          - name: daily_totals
            pipeline: daily
            tags: [finance]
            partitioning: {grain: day, column: event_date}
          - name: weekly_users
            partitioning: {grain: day, column: day}
            depends_on:
              - ref: stg_events
                mapping: window(7)
          - name: monthly_totals
            partitioning: {grain: month, column: month}
          - name: cumulative_amount
            partitioning: {grain: day, column: day}
          - name: all_time
            materialized: table
        """);
    project.stagingProperties("");
    return project;
  }

  /** Declares the model stg_events's properties, with {@code more} (indented YAML) under it. */
  TestProject stagingProperties(String more) {
    write(
        "models/staging/staging.yml",
        """
        models:
          - name: stg_events
            pipeline: daily
            tags: [staging]
            partitioning: {grain: day, column: event_date}
        """
            + more);
    return this;
  }

  TestProject write(String relative, String text) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fills raw.events with {@code perDay} events on each day of January 2024 (deterministic). */
  /** Declares the source raw.events, with {@code more} (indented YAML) under it. */
  TestProject sourceProperties(String more) {
    write(
        "models/sources.yml",
        """
        sources:
          - schema: raw
            tables:
              - name: events
                partitioning: {grain: day, column: event_time}
        """
            + more);
    return this;
  }

  TestProject withEvents(int perDay) {
    execute(
        "create schema if not exists raw",
        "create or replace table raw.events as "
            + "select d * 1000 + i as event_id, (d * 7 + i) % 50 as user_id, "
            + "timestamp '2024-01-01' + to_days(d) + to_minutes(i) as event_time, "
            + "cast((i % 10) + 1 as decimal(10,2)) as amount "
            + "from range(0, 31) t(d), range(0, "
            + perDay
            + ") u(i)");
    return this;
  }

  void execute(String... statements) {
    try (Connection connection =
            DriverManager.getConnection("jdbc:duckdb:" + root.resolve("warehouse.duckdb"));
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  long count(String sql) {
    try (Connection connection =
            DriverManager.getConnection("jdbc:duckdb:" + root.resolve("warehouse.duckdb"));
        Statement statement = connection.createStatement();
        var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  String read(String relative) {
    try {
      return Files.readString(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String path() {
    return root.toString();
  }

  /** {@code tidemark run} on this project over the days {@code first..last}, plus {@code extra}. */
  Cli.Result run(String first, String last, String... extra) {
    return Cli.run(runArguments(first, last, extra));
  }

  String[] runArguments(String first, String last, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("run", "-p", path(), "--start", first, "--end", last));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** {@code tidemark ARGS… -p ROOT}: last, so it reaches subcommands such as {@code runs show}. */
  Cli.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-p", path()));
    return Cli.run(all.toArray(String[]::new));
  }
}
