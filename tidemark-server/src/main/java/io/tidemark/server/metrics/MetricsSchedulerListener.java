package io.tidemark.server.metrics;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.project.Project;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.FireStatus;
import io.tidemark.core.schedule.Lease;
import io.tidemark.core.schedule.SchedulerListener;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunTrigger;
import java.time.Duration;

/**
 * Measures the scheduler into the platform's metrics (lag from a fire's cron time to its run's
 * start, failed ticks, the tasks of the runs it starts), then passes every event on.
 */
public final class MetricsSchedulerListener implements SchedulerListener {
  private final PlatformMetrics metrics;
  private final Project project;
  private final SchedulerListener next;

  public MetricsSchedulerListener(
      PlatformMetrics metrics, Project project, SchedulerListener next) {
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.project = requireNonNull(project, "project is null");
    this.next = requireNonNull(next, "next is null");
  }

  @Override
  public void leaseTaken(Lease lease) {
    next.leaseTaken(lease);
  }

  @Override
  public void leaseHeldElsewhere(Lease lease) {
    next.leaseHeldElsewhere(lease);
  }

  @Override
  public void fireRecorded(Fire fire) {
    next.fireRecorded(fire);
  }

  @Override
  public void fireWaiting(Fire fire, String what) {
    next.fireWaiting(fire, what);
  }

  @Override
  public void runStarted(Fire fire, Run run) {
    metrics.schedulerLag(fire.schedule(), Duration.between(fire.fireTime(), run.startedAt()));
    next.runStarted(fire, run);
  }

  @Override
  public RunListener runListener(Fire fire) {
    return new MetricsRunListener(metrics, project, RunTrigger.SCHEDULE, next.runListener(fire));
  }

  @Override
  public void fireFinished(Fire fire, FireStatus status, String detail, RunSummary summary) {
    next.fireFinished(fire, status, detail, summary);
  }

  @Override
  public void tickFailed(RuntimeException failure) {
    metrics.tickFailed();
    next.tickFailed(failure);
  }
}
