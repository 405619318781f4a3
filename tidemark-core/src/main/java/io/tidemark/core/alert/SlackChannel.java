package io.tidemark.core.alert;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;

/**
 * One Slack channel alerts go to, and which of them.
 *
 * @param channel the channel's name or id, as {@code chat.postMessage} takes it ({@code
 *     #data-alerts}, {@code C0123})
 * @param tokenVariable the environment variable holding the bot token: the token itself is never
 *     written in the project
 * @param pipelines the pipelines whose alerts it gets; empty for every one
 * @param owners the owners (of the assets concerned) whose alerts it gets; empty for every one
 * @param api Slack's Web API base, {@code https://slack.com/api} unless set otherwise
 */
public record SlackChannel(
    String channel, String tokenVariable, List<String> pipelines, List<String> owners, URI api) {
  public static final URI SLACK_API = URI.create("https://slack.com/api");

  public SlackChannel {
    requireNonNull(channel, "channel is null");
    requireNonNull(tokenVariable, "tokenVariable is null");
    pipelines = List.copyOf(requireNonNull(pipelines, "pipelines is null"));
    owners = List.copyOf(requireNonNull(owners, "owners is null"));
    requireNonNull(api, "api is null");
  }

  /** Whether an alert about this pipeline and these owners goes here. */
  public boolean wants(String pipeline, List<String> alertOwners) {
    boolean pipelineMatches = pipelines.isEmpty() || pipelines.contains(pipeline);
    boolean ownerMatches = owners.isEmpty() || alertOwners.stream().anyMatch(owners::contains);
    return pipelineMatches && ownerMatches;
  }
}
