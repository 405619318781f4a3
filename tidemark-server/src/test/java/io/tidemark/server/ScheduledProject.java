package io.tidemark.server;

import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A small scheduled project in a directory: the daily source {@code raw.events}, the pipeline
 * {@code daily} (staging.stg_events, marts.daily_totals) and the pipeline {@code reporting}
 * (marts.daily_report, reading daily_totals), both firing at 03:00 UTC, reporting after daily.
 */
final class ScheduledProject {
  final Path root;
  final String stateUrl;

  private ScheduledProject(Path root, String stateUrl) {
    this.root = root;
    this.stateUrl = stateUrl;
  }

  /** A schedule at 03:00 UTC, as a pipeline setting. */
  static final String NIGHTLY = "schedule: \"0 3 * * *\"\n";

  /**
   * @param daily the settings of the pipeline daily, as YAML lines; blank for none (on demand)
   * @param reporting the settings of the pipeline reporting
   * @param sourceChecks the checks of raw.events, as a YAML flow list ({@code []} for none)
   */
  static ScheduledProject write(
      Path root, String stateUrl, String daily, String reporting, String sourceChecks) {
    ScheduledProject project = new ScheduledProject(root, stateUrl);
    project.file(
        "tidemark.yml",
        """
        name: scheduled
        start: 2024-01-01
        warehouse: {type: duckdb, path: warehouse.duckdb}
        state: {url: "%s"}
        run: {threads: 2, retries: 0, retry_backoff: 0s}
        pipelines:
          daily:
        %s
          reporting:
        %s
        """
            .formatted(stateUrl, indent(daily), indent(reporting)));
    project.file(
        "models/sources.yml",
        """
        sources:
          - schema: raw
            tables:
              - name: events
                partitioning: {grain: day, column: event_time}
                checks: %s
        """
            .formatted(sourceChecks));
    project.file(
        "models/staging/stg_events.sql",
        """
        select event_id, cast(event_time as date) as event_date, amount
        from {{ source('raw', 'events') }}
        where event_time >= timestamp '{{ partition_start }}'
          and event_time < timestamp '{{ partition_end }}'
        """);
    project.file(
        "models/marts/daily_totals.sql",
        """
        select event_date, count(*) as events, sum(amount) as amount
        from {{ ref('stg_events') }}
        where event_date = date '{{ partition_start }}'
        group by event_date
        """);
    project.file(
        "models/marts/daily_report.sql",
        """
        select event_date, events * 2 as doubled
        from {{ ref('daily_totals') }}
        where event_date = date '{{ partition_start }}'
        """);
    project.file(
        "models/models.yml",
        """
        models:
          - name: stg_events
            pipeline: daily
            partitioning: {grain: day, column: event_date}
          - name: daily_totals
            pipeline: daily
            partitioning: {grain: day, column: event_date}
          - name: daily_report
            pipeline: reporting
            partitioning: {grain: day, column: event_date}
        """);
    return project;
  }

  private static String indent(String lines) {
    String settings = lines.isBlank() ? "description: on demand" : lines;
    return settings.lines().map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n");
  }

  Project load() {
    try (DuckDbWarehouse parser = DuckDbWarehouse.openInMemory()) {
      return new ProjectLoader(parser::parse).load(root);
    }
  }

  /** The warehouse file with raw.events holding 10 events on each day from first to last. */
  DuckDbWarehouse warehouseWithEvents(LocalDate first, LocalDate last) {
    DuckDbWarehouse warehouse = DuckDbWarehouse.open(root.resolve("warehouse.duckdb"));
    addEvents(warehouse, first, last);
    return warehouse;
  }

  static void addEvents(DuckDbWarehouse warehouse, LocalDate first, LocalDate last) {
    var session = warehouse.openSession();
    try (session) {
      session.execute("create schema if not exists raw");
      session.execute(
          "create table if not exists raw.events"
              + " (event_id bigint, event_time timestamp, amount decimal(10,2))");
      session.execute(
          "insert into raw.events select d * 1000 + i, timestamp '"
              + first
              + "' + to_days(d) + to_minutes(i), i"
              + " from range(0, "
              + (last.toEpochDay() - first.toEpochDay() + 1)
              + ") t(d), range(0, 10) u(i)");
    }
  }

  private void file(String relative, String text) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
