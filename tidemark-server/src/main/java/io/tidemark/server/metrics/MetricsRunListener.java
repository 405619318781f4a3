package io.tidemark.server.metrics;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.project.Project;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.run.TaskResult;
import io.tidemark.core.state.RunTrigger;

/** Counts one run's tasks and its end into the platform's metrics. */
public final class MetricsRunListener implements RunListener {
  private final PlatformMetrics metrics;
  private final Project project;
  private final RunTrigger trigger;
  private final RunListener next;

  /**
   * @param next hears everything after the metrics have counted it
   */
  public MetricsRunListener(
      PlatformMetrics metrics, Project project, RunTrigger trigger, RunListener next) {
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.project = requireNonNull(project, "project is null");
    this.trigger = requireNonNull(trigger, "trigger is null");
    this.next = requireNonNull(next, "next is null");
  }

  @Override
  public void runStarted(io.tidemark.core.state.Run run, io.tidemark.core.plan.Plan plan) {
    next.runStarted(run, plan);
  }

  @Override
  public void sourcesScanned(long done, long total) {
    next.sourcesScanned(done, total);
  }

  @Override
  public void taskStarted(io.tidemark.core.plan.Task task, int attempt) {
    next.taskStarted(task, attempt);
  }

  @Override
  public void taskFinished(TaskResult result, int done, int total) {
    metrics.taskFinished(project.asset(result.task().asset()).pipeline(), result);
    next.taskFinished(result, done, total);
  }

  @Override
  public void runFinished(RunSummary summary) {
    metrics.runFinished(trigger, summary);
    next.runFinished(summary);
  }
}
