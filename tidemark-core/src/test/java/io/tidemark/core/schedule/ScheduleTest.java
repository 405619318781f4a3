package io.tidemark.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleTest {
  @TempDir Path directory;

  /**
   * raw.events (day) -> staging.stg_events (day, pipeline daily) -> marts.monthly (month, pipeline
   * daily) and marts.snapshot (unpartitioned, own schedule).
   */
  private Project project(String pipelineSettings) {
    return ProjectFiles.in(directory)
        .config(
            """
            name: test
            start: 2024-01-01
            pipelines:
              daily:
                schedule: "0 3 * * *"
                %s
              reporting:
                schedule: "30 4 * * *"
                after: [daily]
              unscheduled: {}
            """
                .formatted(pipelineSettings))
        .yaml("sources.yml", ProjectFiles.DAILY_SOURCE)
        .model("staging/stg_events", "select * from {{ source('raw', 'events') }}")
        .model("marts/monthly", "select * from {{ ref('stg_events') }}")
        .model("marts/snapshot", "select count(*) from {{ ref('stg_events') }}")
        .yaml(
            "models.yml",
            """
            models:
              - name: stg_events
                pipeline: daily
                partitioning: {grain: day, column: event_time}
              - name: monthly
                pipeline: daily
                partitioning: {grain: month, column: month}
              - name: snapshot
                pipeline: reporting
                schedule: "0 * * * *"
            """)
        .load();
  }

  @Test
  void pipelinesWithModelsAndModelsWithTheirOwnScheduleAreScheduled() {
    Map<String, Schedule> schedules = Schedule.of(project(""));

    assertThat(schedules).containsOnlyKeys("daily", "marts.snapshot");
    Schedule daily = schedules.get("daily");
    assertThat(daily.selection())
        .containsExactlyInAnyOrder(
            AssetName.parse("staging.stg_events"), AssetName.parse("marts.monthly"));
    assertThat(daily.selectionText()).isEqualTo("pipeline:daily");
    Schedule snapshot = schedules.get("marts.snapshot");
    assertThat(snapshot.selection()).containsExactly(AssetName.parse("marts.snapshot"));
    assertThat(snapshot.selectionText()).isEqualTo("marts.snapshot");
    assertThat(snapshot.after()).containsExactly("daily");
  }

  @Test
  void aNightlyFireBuildsTheDayBeforeAndTheMonthThatEnded() {
    Schedule daily = Schedule.of(project("")).get("daily");
    Instant march2 = Instant.parse("2024-03-02T03:00:00Z");
    Instant april1 = Instant.parse("2024-04-01T03:00:00Z");

    assertThat(daily.windowStart(march2)).isEqualTo(Instant.parse("2024-03-01T03:00:00Z"));
    assertThat(daily.range(daily.windowStart(march2), march2))
        .isEqualTo(TimeRange.ofDays(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1)));
    assertThat(daily.range(daily.windowStart(april1), april1))
        .isEqualTo(TimeRange.ofDays(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 31)));
  }

  @Test
  void aFirstFireBuildsEverythingDueFromTheStart() {
    Schedule daily = Schedule.of(project("")).get("daily");

    assertThat(daily.range(Instant.EPOCH, Instant.parse("2024-03-02T03:00:00Z")))
        .isEqualTo(TimeRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 1)));
  }

  @Test
  void aDelayPushesADayIntoALaterFire() {
    Schedule daily = Schedule.of(project("delay: 4h")).get("daily");
    Instant march2 = Instant.parse("2024-03-02T03:00:00Z");

    // February 29 and February as a month are due at 04:00 on March 1; March 1 only at 04:00 on
    // March 2, after this fire.
    assertThat(daily.range(daily.windowStart(march2), march2))
        .isEqualTo(TimeRange.ofDays(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29)));
  }

  @Test
  void aWindowWithNothingDueIsAnEmptyRange() {
    Schedule snapshot = Schedule.of(project("")).get("marts.snapshot");
    Schedule daily = Schedule.of(project("")).get("daily");
    Instant noon = Instant.parse("2024-03-02T12:00:00Z");

    assertThat(daily.range(noon.minusSeconds(3600), noon).isEmpty()).isTrue();
    assertThat(snapshot.range(noon.minusSeconds(3600), noon).isEmpty()).isTrue();
  }

  @Test
  void withoutCatchupOnlyTheLatestMissedFireIsMade() {
    Schedule daily = Schedule.of(project("")).get("daily");

    assertThat(
            daily.firesDue(
                Instant.parse("2024-03-01T03:00:00Z"), Instant.parse("2024-03-05T10:00:00Z")))
        .containsExactly(Instant.parse("2024-03-05T03:00:00Z"));
    assertThat(
            daily.firesDue(
                Instant.parse("2024-03-05T03:00:00Z"), Instant.parse("2024-03-05T10:00:00Z")))
        .isEmpty();
  }

  @Test
  void catchupMakesTheMissedFiresOfItsWindowInOrder() {
    Schedule daily = Schedule.of(project("catchup: 2d")).get("daily");

    assertThat(
            daily.firesDue(
                Instant.parse("2024-03-01T03:00:00Z"), Instant.parse("2024-03-05T10:00:00Z")))
        .containsExactly(
            Instant.parse("2024-03-04T03:00:00Z"), Instant.parse("2024-03-05T03:00:00Z"));
    assertThat(
            daily.firesDue(
                Instant.parse("2024-03-04T03:00:00Z"), Instant.parse("2024-03-05T10:00:00Z")))
        .containsExactly(Instant.parse("2024-03-05T03:00:00Z"));
  }

  @Test
  void theZoneMovesTheFireAndThePartitionsItBuilds() {
    Schedule daily = Schedule.of(project("timezone: Asia/Seoul")).get("daily");
    // 03:00 in Seoul on March 2 is 18:00 UTC on March 1: Seoul's March 1 has ended.
    Instant fire = Instant.parse("2024-03-01T18:00:00Z");

    assertThat(daily.firesDue(fire.minusSeconds(60), fire.plusSeconds(30))).containsExactly(fire);
    assertThat(daily.range(daily.windowStart(fire), fire))
        .isEqualTo(
            new TimeRange(LocalDateTime.of(2024, 3, 1, 0, 0), LocalDateTime.of(2024, 3, 2, 0, 0)));
  }
}
