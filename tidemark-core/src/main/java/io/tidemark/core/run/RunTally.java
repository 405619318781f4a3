package io.tidemark.core.run;

import io.tidemark.core.state.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of an execution did so far, counted by the coordinator's thread alone; closed once
 * the run ended, with its summary.
 */
final class RunTally {
  final RunMember member;
  final int total;
  private final long started;
  int finished;
  int succeeded;
  int failed;
  int skipped;
  int retries;
  long rows;
  int inFlight;
  final List<TaskResult> failures = new ArrayList<>();
  private RunSummary summary;

  RunTally(RunMember member, long started) {
    this.member = member;
    this.total = member.plan().tasks().size();
    this.started = started;
  }

  long runId() {
    return member.run().id();
  }

  boolean closed() {
    return summary != null;
  }

  RunSummary summary() {
    return summary;
  }

  /** The run's status, had it ended now; interrupted when tasks are left and it was stopped. */
  RunStatus status(boolean stopped) {
    if (stopped && finished < total) {
      return RunStatus.INTERRUPTED;
    }
    return failed > 0 || skipped > 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
  }

  RunSummary close(RunStatus status) {
    summary =
        new RunSummary(
            runId(),
            status,
            total,
            succeeded,
            failed,
            skipped,
            total - finished,
            retries,
            rows,
            Duration.ofNanos(System.nanoTime() - started),
            failures);
    return summary;
  }
}
