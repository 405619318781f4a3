package io.tidemark.core.plan;

import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.ProjectFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A project with one edge of each partition mapping, all in schema {@code main}, starting
 * 2024-01-01:
 *
 * <pre>
 * raw.events (day) ── identity ──> clean_events (day) ── identity ──> running_total (day) ── previous ──> itself
 *                                               └─ rollup ──> monthly (month) ── all ──> summary
 *                  ── window(7) ──> weekly (day)
 * </pre>
 */
public final class EventsProject {
  /** Early on 3 February: the last complete day is 2 February, the last complete month January. */
  public static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-02-03T06:00:00Z"), ZoneOffset.UTC);

  public static final TimeRange JANUARY =
      TimeRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));

  private EventsProject() {}

  public static ProjectFiles writeTo(Path root) {
    return ProjectFiles.in(root)
        .config(ProjectFiles.MINIMAL_CONFIG)
        .yaml(
            "sources.yml",
            """
            sources:
              - schema: raw
                tables:
                  - name: events
                    partitioning: {grain: day, column: event_time}
            """)
        .model("clean_events", "select * from {{ source('raw', 'events') }}")
        .model(
            "weekly",
            "select count(*) as events, date '{{ partition_start }}' as day"
                + " from {{ source('raw', 'events') }}")
        .model(
            "running_total",
            """
            select day, count(*) as events from {{ ref('clean_events') }} group by 1
            union all
            select day, events from {{ this }}
            """)
        .model("monthly", "select count(*) as events from {{ ref('clean_events') }}")
        .model("summary", "select sum(events) as events from {{ ref('monthly') }}")
        .yaml(
            "models.yml",
            """
            models:
              - name: clean_events
                partitioning: {grain: day, column: event_time}
              - name: weekly
                partitioning: {grain: day, column: day}
                depends_on:
                  - source: raw.events
                    mapping: window(7)
              - name: running_total
                partitioning: {grain: day, column: day}
              - name: monthly
                partitioning: {grain: month, column: month}
            """);
  }
}
