package io.tidemark.server.alerts;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.alert.Alert;
import io.tidemark.core.alert.AlertKind;
import io.tidemark.core.alert.AlertSettings;
import io.tidemark.core.alert.RunAlerts;
import io.tidemark.core.project.Project;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.ForwardingSchedulerListener;
import io.tidemark.core.schedule.SchedulerListener;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunTrigger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Turns what the scheduler does into alerts: each run's failures, retries and check findings (see
 * {@link RunAlerts}), and a fire that started later than the configured lag after its time.
 */
public final class AlertingSchedulerListener extends ForwardingSchedulerListener {
  private final SlackAlerter alerter;
  private final AlertSettings settings;
  private final Project project;
  private final Clock clock;

  public AlertingSchedulerListener(
      SlackAlerter alerter,
      AlertSettings settings,
      Project project,
      Clock clock,
      SchedulerListener next) {
    super(next);
    this.alerter = requireNonNull(alerter, "alerter is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.project = requireNonNull(project, "project is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public void runStarted(Fire fire, Run run) {
    Duration lag = Duration.between(fire.fireTime(), run.startedAt());
    if (lag.compareTo(settings.schedulerLagLimit()) > 0) {
      alerter.send(
          new Alert(
              "scheduler:" + fire.schedule(),
              AlertKind.SCHEDULER_BEHIND,
              false,
              fire.schedule(),
              List.of(),
              "Scheduler behind: " + fire.schedule() + " started " + minutes(lag) + " late",
              "pipeline " + fire.schedule() + " · run #" + run.id(),
              fire.fireTime(),
              List.of(
                  "fire time " + fire.fireTime() + ", run started " + run.startedAt(),
                  "limit: " + minutes(settings.schedulerLagLimit()),
                  "fires wait for a free run slot or for the runs before them"),
              "",
              ""));
    }
    super.runStarted(fire, run);
  }

  @Override
  public RunListener runListener(Fire fire) {
    RunListener alerts =
        new RunAlerts(
            project, RunTrigger.SCHEDULE, fire.schedule(), settings.uiUrl(), clock, alerter::send);
    return new RunListener() {
      @Override
      public void runStarted(Run run, io.tidemark.core.plan.Plan plan) {
        alerts.runStarted(run, plan);
      }

      @Override
      public void taskFinished(io.tidemark.core.run.TaskResult result, int done, int total) {
        alerts.taskFinished(result, done, total);
      }

      @Override
      public void runFinished(RunSummary summary) {
        alerts.runFinished(summary);
      }
    }.andThen(super.runListener(fire));
  }

  private static String minutes(Duration duration) {
    long minutes = duration.toMinutes();
    return minutes >= 1 ? minutes + " min" : duration.toSeconds() + " s";
  }
}
