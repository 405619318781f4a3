package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.PlanService;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunService;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan and run services called directly, as the server and the scheduler call them. */
class RunServiceTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-02-01T06:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void events() {
    project = TestProject.standard(dir).withEvents(3);
  }

  private Workspace workspace() {
    return new Workspace(project.root, null, CLOCK, new PrintWriter(new StringWriter()));
  }

  private static TimeRange days(int first, int last) {
    return TimeRange.ofDays(LocalDate.of(2024, 1, first), LocalDate.of(2024, 1, last));
  }

  @Test
  void aBackfillRunsWhatIsNotBuiltAsABackfillAndThenFindsNothingToDo() {
    try (Workspace workspace = workspace()) {
      RunService service =
          new RunService(workspace.project(), workspace.warehouse(), workspace.store(), CLOCK);
      RunOptions options = RunOptions.of(workspace.project().config());

      RunService.Backfill first =
          service.backfill(
              "+daily_totals", days(1, 3), false, options, RunListener.NONE, new Cancellation());

      RunSummary summary = first.summary().orElseThrow();
      assertThat(summary.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(summary.succeeded()).isEqualTo(2 * 3);
      assertThat(workspace.store().findRun(summary.runId()).orElseThrow().trigger())
          .isEqualTo(RunTrigger.BACKFILL);
      assertThat(workspace.store().findRun(summary.runId()).orElseThrow().startedAt())
          .isEqualTo(CLOCK.instant());

      RunService.Backfill again =
          service.backfill(
              "+daily_totals", days(1, 3), false, options, RunListener.NONE, new Cancellation());

      assertThat(again.summary()).isEmpty();
      assertThat(again.plan().upToDate()).isEqualTo(2 * 3);
      assertThat(workspace.store().recentRuns(10)).hasSize(1);
    }
  }

  @Test
  void aDrainedRunStartsNothingAndIsRecordedInterrupted() {
    try (Workspace workspace = workspace()) {
      RunService service =
          new RunService(workspace.project(), workspace.warehouse(), workspace.store(), CLOCK);
      Plan plan =
          new PlanService(workspace.project(), workspace.warehouse(), workspace.store(), CLOCK)
              .plan("+daily_totals", days(1, 2), false);
      Cancellation drained = new Cancellation();
      drained.drain();

      RunSummary summary =
          service.run(
              plan,
              RunTrigger.MANUAL,
              RunOptions.of(workspace.project().config()),
              RunListener.NONE,
              drained);

      assertThat(summary.status()).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(summary.notRun()).isEqualTo(plan.tasks().size()).isEqualTo(4);
      assertThat(drained.isCancelled()).isFalse();
      assertThat(workspace.store().findRun(summary.runId()).orElseThrow().status())
          .isEqualTo(RunStatus.INTERRUPTED);
    }
  }

  @Test
  void aPlanCarriesItsInstantAndTheStatesItWasMadeFrom() {
    assertThat(project.run("2024-01-01", "2024-01-02", "--select", "+daily_totals").exitCode())
        .isZero();
    try (Workspace workspace = workspace()) {
      Plan plan =
          new PlanService(workspace.project(), workspace.warehouse(), workspace.store(), CLOCK)
              .plan("daily_totals", days(1, 4), false);

      assertThat(plan.asOf().toInstant()).isEqualTo(CLOCK.instant());
      assertThat(plan.tasks()).hasSize(2);
      assertThat(plan.upToDate()).isEqualTo(2);
      assertThat(plan.states().get(AssetName.parse("marts.daily_totals")))
          .containsOnlyKeys("2024-01-01", "2024-01-02");
      assertThat(plan.states().get(AssetName.parse("staging.stg_events")))
          .containsOnlyKeys("2024-01-01", "2024-01-02");
    }
  }

  @Test
  void theScanBeforeTheTasksReportsProgressAndACancelDuringItEndsTheRunInterrupted() {
    try (Workspace workspace = workspace()) {
      RunService service =
          new RunService(workspace.project(), workspace.warehouse(), workspace.store(), CLOCK);
      RunOptions options = RunOptions.of(workspace.project().config());
      Plan plan =
          new PlanService(workspace.project(), workspace.warehouse(), workspace.store(), CLOCK)
              .plan("+daily_totals", days(1, 3), false);
      Cancellation cancellation = new Cancellation();
      java.util.List<long[]> reports = new java.util.ArrayList<>();
      RunListener cancelsWhileScanning =
          new RunListener() {
            @Override
            public void sourcesScanned(long done, long total) {
              reports.add(new long[] {done, total});
              cancellation.cancel();
            }
          };

      RunSummary summary =
          service.run(plan, RunTrigger.MANUAL, options, cancelsWhileScanning, cancellation);

      assertThat(reports).isNotEmpty();
      assertThat(reports.get(0)[1]).isEqualTo(3); // three source days read for the first time
      assertThat(summary.status()).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(summary.succeeded()).isZero();
      assertThat(workspace.store().findRun(summary.runId()).orElseThrow().status())
          .isEqualTo(RunStatus.INTERRUPTED);
    }
  }
}
