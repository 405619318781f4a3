package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.incident.IncidentService;
import io.tidemark.core.incident.Invalidation;
import io.tidemark.core.state.HistoryService;
import io.tidemark.core.status.AssetStatus;
import io.tidemark.core.status.StatusService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The invalidate, status and history services called directly, with a fixed clock. */
class IncidentAndStatusServiceTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-01-11T06:00:00Z"), ZoneOffset.UTC);
  private static final AssetName DAILY = AssetName.parse("marts.daily_totals");

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void buildTenDays() {
    project = TestProject.standard(dir).withEvents(2);
    Cli.Result first = project.run("2024-01-01", "2024-01-10");
    assertThat(first.exitCode()).as(first.all()).isZero();
  }

  private Workspace workspace() {
    return new Workspace(project.root, null, CLOCK, new PrintWriter(new StringWriter()));
  }

  @Test
  void anInvalidationMarksTheBuiltDaysAndStatusCountsThemAsOfTheClock() {
    try (Workspace workspace = workspace()) {
      Invalidation invalidation =
          new IncidentService(workspace.project(), workspace.store(), CLOCK)
              .invalidate(
                  DAILY, LocalDate.of(2024, 1, 9), LocalDate.of(2024, 1, 12), "late", "tester");

      // The clock says the 10th is the last complete day: the 11th and 12th do not exist yet.
      assertThat(invalidation.partitions().describe()).isEqualTo("2024-01-09..2024-01-10");
      assertThat(invalidation.incident().reportedAt()).isEqualTo(CLOCK.instant());
      // cumulative_amount 9..10 and all_time; January is not complete, so monthly_totals has none.
      assertThat(invalidation.impact().downstreamPartitionCount()).isEqualTo(2 + 1);
      assertThat(new HistoryService(workspace.store()).incidents(5))
          .singleElement()
          .satisfies(incident -> assertThat(incident.reason()).isEqualTo("late"));

      Map<AssetName, AssetStatus> status =
          new StatusService(workspace.project(), workspace.warehouse(), workspace.store(), CLOCK)
              .status().stream()
                  .collect(Collectors.toMap(s -> s.asset().name(), Function.identity()));
      AssetStatus daily = status.get(DAILY);
      assertThat(daily.partitions()).isEqualTo(10);
      assertThat(daily.materialized()).isEqualTo(8);
      assertThat(daily.invalid()).isEqualTo(2);
      assertThat(daily.missing()).isZero();
      assertThat(daily.gone()).isZero();
    }
  }

  @Test
  void anInvalidationWithoutAReasonRecordsNothing() {
    try (Workspace workspace = workspace()) {
      assertThatThrownBy(
              () ->
                  new IncidentService(workspace.project(), workspace.store(), CLOCK)
                      .invalidate(
                          DAILY, LocalDate.of(2024, 1, 9), LocalDate.of(2024, 1, 9), " ", "tester"))
          .isInstanceOfSatisfying(
              TidemarkException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
      assertThat(new HistoryService(workspace.store()).incidents(5)).isEmpty();
    }
  }

  @Test
  void historyNamesAnUnknownRunAsNotFound() {
    try (Workspace workspace = workspace()) {
      HistoryService history = new HistoryService(workspace.store());
      long last = history.runs(1).get(0).id();

      assertThat(history.run(last).attempts()).isNotEmpty();
      assertThatThrownBy(() -> history.run(last + 100))
          .isInstanceOfSatisfying(
              TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
  }
}
