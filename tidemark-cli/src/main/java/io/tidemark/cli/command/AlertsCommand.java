package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.alert.Alert;
import io.tidemark.core.alert.AlertKind;
import io.tidemark.core.alert.AlertSettings;
import io.tidemark.core.project.AlertSettingsReader;
import io.tidemark.server.alerts.SlackAlerter;
import io.tidemark.server.alerts.SlackClient;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = "Alerts to Slack, as the alerts block of tidemark.yml configures them.",
    subcommands = {AlertsCommand.Test.class})
public final class AlertsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = {
        "Send a sample message to every configured Slack channel and say how each answered.",
        "Exit code 1 when a channel did not take it."
      })
  public static final class Test extends ProjectCommand {
    @Override
    protected int run(Workspace workspace) {
      AlertSettings settings = AlertSettingsReader.read(workspace.project().root());
      if (settings.channels().isEmpty()) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            "tidemark.yml configures no Slack channel (alerts: slack: - channel: …)");
      }
      Alert sample =
          new Alert(
              "test",
              AlertKind.TEST,
              false,
              "",
              List.of(),
              "Test message from Tidemark",
              "project " + workspace.project().config().name(),
              CLOCK.instant(),
              List.of("Alerts of this project will arrive here."),
              "",
              settings.uiUrl());
      List<SlackAlerter.Delivery> deliveries;
      try (SlackAlerter alerter =
          new SlackAlerter(settings, System::getenv, CLOCK, new SlackClient())) {
        deliveries = alerter.sendNow(sample);
      }
      boolean allSent = true;
      for (SlackAlerter.Delivery delivery : deliveries) {
        if (delivery.ok()) {
          out().println(style.green("sent") + "    " + delivery.channel());
        } else {
          allSent = false;
          out().println(style.red("failed") + "  " + delivery.channel() + ": " + delivery.detail());
        }
      }
      return allSent ? 0 : 1;
    }
  }
}
