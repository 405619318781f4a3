package io.tidemark.cli.command;

import io.tidemark.core.alert.AlertSettings;
import io.tidemark.core.alert.RunAlerts;
import io.tidemark.core.project.AlertSettingsReader;
import io.tidemark.core.project.Project;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.server.alerts.SlackAlerter;
import io.tidemark.server.alerts.SlackClient;
import java.time.Clock;

/**
 * The alerts of a run started from the command line: when {@code tidemark.yml} configures alert
 * channels, a failed task, retries, check findings and a finished repair reach them as the server
 * would send them for the same run (one message per run, threads, resolves). Sending is on a thread
 * of its own and never fails the run; {@link #close} waits for what is queued (up to 30 s).
 */
final class RunAlertsOption implements AutoCloseable {
  private final AlertSettings settings;
  private final SlackAlerter alerter;
  private final Clock clock;

  private RunAlertsOption(AlertSettings settings, SlackAlerter alerter, Clock clock) {
    this.settings = settings;
    this.alerter = alerter;
    this.clock = clock;
  }

  static RunAlertsOption of(Project project, Clock clock) {
    AlertSettings settings = AlertSettingsReader.read(project.root());
    return new RunAlertsOption(
        settings, new SlackAlerter(settings, System::getenv, clock, new SlackClient()), clock);
  }

  /** {@code next}, after the run's alerts when channels are configured. */
  RunListener listener(Project project, RunTrigger trigger, RunListener next) {
    if (!alerter.enabled()) {
      return next;
    }
    return new RunAlerts(project, trigger, "", settings.uiUrl(), clock, alerter::send)
        .andThen(next);
  }

  @Override
  public void close() {
    alerter.close();
  }
}
