package io.tidemark.core.project;

import io.tidemark.core.alert.AlertSettings;
import io.tidemark.core.alert.SlackChannel;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code alerts} block of {@code tidemark.yml}. A token is named by the environment
 * variable that holds it, never written: a value that looks like a token or a webhook URL is
 * refused with the line it is on.
 */
public final class AlertSettingsReader {
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private AlertSettingsReader() {}

  /** The project's alert settings; {@link AlertSettings#NONE} when it has no alerts block. */
  public static AlertSettings read(Path projectRoot) {
    Path file = projectRoot.resolve(ProjectConfig.FILE_NAME);
    YamlNode root = YamlNode.read(file, Path.of(ProjectConfig.FILE_NAME));
    Optional<YamlNode> block = root.isMapping() ? root.get("alerts") : Optional.empty();
    if (block.isEmpty()) {
      return AlertSettings.NONE;
    }
    YamlNode alerts = block.get();
    alerts.requireKnownKeys("alerts", "ui_url", "repeat_window", "scheduler_lag", "slack");
    String uiUrl = alerts.text("ui_url", "");
    Duration window =
        alerts
            .get("repeat_window")
            .map(ConfigReader::duration)
            .orElse(AlertSettings.NONE.repeatWindow());
    Duration lag =
        alerts
            .get("scheduler_lag")
            .map(ConfigReader::duration)
            .orElse(AlertSettings.NONE.schedulerLagLimit());
    List<SlackChannel> channels = new ArrayList<>();
    for (YamlNode channel : alerts.get("slack").map(YamlNode::items).orElse(List.of())) {
      channels.add(channel(channel));
    }
    return new AlertSettings(uiUrl, window, lag, channels);
  }

  private static SlackChannel channel(YamlNode node) {
    node.requireKnownKeys(
        "a slack channel", "channel", "token_env", "pipelines", "owners", "api_url");
    String channel =
        node.get("channel").orElseThrow(() -> node.error("a slack channel needs 'channel'")).text();
    YamlNode tokenNode =
        node.get("token_env")
            .orElseThrow(
                () ->
                    node.error(
                        "slack channel "
                            + channel
                            + " needs 'token_env': the environment variable holding the bot token"));
    String variable = tokenNode.text().strip();
    if (!VARIABLE.matcher(variable).matches()) {
      throw tokenNode.error(
          "'token_env' must name an environment variable (e.g. SLACK_BOT_TOKEN), not hold a token"
              + " or URL: keep the token out of the project");
    }
    URI api = SlackChannel.SLACK_API;
    if (node.get("api_url").isPresent()) {
      YamlNode apiNode = node.get("api_url").get();
      try {
        api = URI.create(apiNode.text().strip());
      } catch (IllegalArgumentException e) {
        throw apiNode.error("'" + apiNode.text() + "' is not a URL");
      }
      if (api.getScheme() == null || !api.getScheme().startsWith("http")) {
        throw apiNode.error("api_url must be an http or https URL, got '" + apiNode.text() + "'");
      }
    }
    return new SlackChannel(channel, variable, node.texts("pipelines"), node.texts("owners"), api);
  }
}
