package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.ImpactReport;
import io.tidemark.core.impact.ImpactService;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.repair.RepairProposal;
import io.tidemark.core.repair.RepairService;
import io.tidemark.core.repair.RepairTarget;
import io.tidemark.core.repair.Resumption;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.run.TaskResult;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The impact and repair services called directly, as the server and the scheduler call them: values
 * back, progress through the listener, nothing printed.
 */
class RepairServiceTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-02-01T06:00:00Z"), ZoneOffset.UTC);
  private static final AssetName DAILY = AssetName.parse("marts.daily_totals");

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void buildJanuary() {
    project = TestProject.standard(dir).withEvents(5);
    Cli.Result first = project.run("2024-01-01", "2024-01-31");
    assertThat(first.exitCode()).as(first.all()).isZero();
  }

  private Workspace workspace() {
    return new Workspace(project.root, null, CLOCK, new PrintWriter(new StringWriter()));
  }

  private static RepairService repairs(Workspace workspace) {
    return new RepairService(
        workspace.project(), workspace.warehouse(), workspace.store(), workspace.clock());
  }

  private static RepairTarget.Days days(int first, int last) {
    return new RepairTarget.Days(DAILY, LocalDate.of(2024, 1, first), LocalDate.of(2024, 1, last));
  }

  @Test
  void impactNamesEveryReaderOfTheBadDaysWithoutOpeningTheWarehouse() {
    try (Workspace workspace = workspace()) {
      ImpactReport report =
          new ImpactService(workspace.project(), workspace.store(), CLOCK)
              .impact(
                  DAILY,
                  TimeRange.ofDays(LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 11)),
                  "");

      assertThat(report.impact().assets().keySet().stream().map(Object::toString))
          .containsExactly(
              "marts.daily_totals",
              "marts.all_time",
              "marts.cumulative_amount",
              "marts.monthly_totals");
      assertThat(report.impact().downstreamPartitionCount()).isEqualTo(1 + 22 + 1);
      assertThat(report.estimates().millis(DAILY, 2)).isNotNegative();
    }
  }

  @Test
  void aProposalStoresNothingAndTheStoredRepairHoldsExactlyItsTasks() {
    try (Workspace workspace = workspace()) {
      RepairService service = repairs(workspace);

      RepairProposal proposal = service.propose(days(10, 11), "", "");

      assertThat(proposal.plan().taskCount()).isEqualTo(2 + 1 + 22 + 1);
      assertThat(workspace.store().recentRepairs(10)).isEmpty();
      Repair repair = service.store(proposal, false, "tester");
      assertThat(repair.taskCount()).isEqualTo(26);
      assertThat(repair.createdAt()).isEqualTo(CLOCK.instant());
      assertThat(workspace.store().repairTasks(repair.id()))
          .containsExactlyElementsOf(proposal.plan().taskList());
    }
  }

  @Test
  void aRepairWithAGapIsNotStoredUnlessGapsAreAllowed() {
    try (Workspace workspace = workspace()) {
      RepairService service = repairs(workspace);
      RepairProposal proposal = service.propose(days(10, 10), "marts.daily_totals", "");

      assertThat(proposal.hasGaps()).isTrue();
      assertThatThrownBy(() -> service.store(proposal, false, "tester"))
          .isInstanceOfSatisfying(
              TidemarkException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
      assertThat(workspace.store().recentRepairs(10)).isEmpty();
      assertThat(service.store(proposal, true, "tester").taskCount())
          .isEqualTo(proposal.plan().taskCount());
    }
  }

  @Test
  void aRunTellsTheListenerEveryTaskAndACancelledOneResumesWhatIsLeft() {
    try (Workspace workspace = workspace()) {
      RepairService service = repairs(workspace);
      Repair repair = service.store(service.propose(days(20, 20), "", ""), false, "tester");
      Cancellation cancelled = new Cancellation();
      cancelled.cancel();
      RunOptions options = RunOptions.of(workspace.project().config());

      RunSummary interrupted =
          service.run(
              repair,
              service.resume(repair.id()).remaining(),
              options,
              RunListener.NONE,
              cancelled);

      assertThat(interrupted.status()).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(interrupted.succeeded()).isZero();
      Resumption left = service.resume(repair.id());
      assertThat(left.alreadyFinished()).isFalse();
      assertThat(left.remaining()).hasSize(repair.taskCount());

      List<String> heard = new CopyOnWriteArrayList<>();
      RunListener listener =
          new RunListener() {
            @Override
            public void taskFinished(TaskResult result, int done, int total) {
              heard.add(result.task() + " " + result.status());
            }
          };
      RunSummary finished =
          service.run(repair, left.remaining(), options, listener, new Cancellation());

      assertThat(finished.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(heard).hasSize(repair.taskCount()).allMatch(line -> line.endsWith("SUCCEEDED"));
      assertThat(service.resume(repair.id()).alreadyFinished()).isTrue();
    }
  }

  @Test
  void resumingAnUnknownRepairIsNotFound() {
    try (Workspace workspace = workspace()) {
      assertThatThrownBy(() -> repairs(workspace).resume(99))
          .isInstanceOfSatisfying(
              TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
          .hasMessageContaining("unknown repair 99");
    }
  }
}
