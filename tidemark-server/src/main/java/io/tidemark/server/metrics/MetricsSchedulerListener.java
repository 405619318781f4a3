package io.tidemark.server.metrics;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.project.Project;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.ForwardingSchedulerListener;
import io.tidemark.core.schedule.SchedulerListener;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunTrigger;
import java.time.Duration;

/**
 * Measures the scheduler into the platform's metrics (lag from a fire's cron time to its run's
 * start, failed ticks, the tasks of the runs it starts), then passes every event on.
 */
public final class MetricsSchedulerListener extends ForwardingSchedulerListener {
  private final PlatformMetrics metrics;
  private final Project project;

  public MetricsSchedulerListener(
      PlatformMetrics metrics, Project project, SchedulerListener next) {
    super(next);
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.project = requireNonNull(project, "project is null");
  }

  @Override
  public void runStarted(Fire fire, Run run) {
    metrics.schedulerLag(fire.schedule(), Duration.between(fire.fireTime(), run.startedAt()));
    super.runStarted(fire, run);
  }

  @Override
  public RunListener runListener(Fire fire) {
    return new MetricsRunListener(metrics, project, RunTrigger.SCHEDULE, super.runListener(fire));
  }

  @Override
  public void tickFailed(RuntimeException failure) {
    metrics.tickFailed();
    super.tickFailed(failure);
  }
}
