package io.tidemark.server.alerts;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.alert.Alert;
import io.tidemark.core.alert.AlertSettings;
import io.tidemark.core.alert.SlackChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to the Slack channels that want them, without flooding them: the first alert of a
 * key is a message; the same key again within the repeat window is a reply in its thread, counted;
 * a resolving alert is a last reply in the thread, and is dropped when nothing is open. Sending
 * happens on one thread of its own, so a slow or rate-limited Slack never slows a run.
 */
public final class SlackAlerter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SlackAlerter.class);

  private final AlertSettings settings;
  private final UnaryOperator<String> environment;
  private final Clock clock;
  private final SlackClient client;
  private final ExecutorService sender;
  private final Map<String, OpenThread> threads = new HashMap<>(); // touched by the sender only
  private final Set<String> missingTokens = new HashSet<>();

  private record OpenThread(String ts, Instant firstAt, int seen) {}

  /** What one channel answered to a message. */
  public record Delivery(String channel, boolean ok, String detail) {}

  /**
   * @param environment looks up the environment variables that hold the tokens
   */
  public SlackAlerter(
      AlertSettings settings, UnaryOperator<String> environment, Clock clock, SlackClient client) {
    this.settings = requireNonNull(settings, "settings is null");
    this.environment = requireNonNull(environment, "environment is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.client = requireNonNull(client, "client is null");
    this.sender =
        Executors.newSingleThreadExecutor(
            work -> {
              Thread thread = new Thread(work, "tidemark-alerts");
              thread.setDaemon(true);
              return thread;
            });
  }

  public boolean enabled() {
    return !settings.channels().isEmpty();
  }

  /** Queues the alert; returns at once. */
  public void send(Alert alert) {
    requireNonNull(alert, "alert is null");
    if (!enabled()) {
      return;
    }
    try {
      sender.execute(() -> deliver(alert));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.warn("alerts: stopped; not sent: {}", alert.title());
    }
  }

  /** Sends the alert to every channel that wants it now, and says how each answered. */
  public List<Delivery> sendNow(Alert alert) {
    List<Delivery> deliveries = new ArrayList<>();
    for (SlackChannel channel : settings.channels()) {
      if (!channel.wants(alert.pipeline(), alert.owners()) && !alert.pipeline().isEmpty()) {
        continue;
      }
      String token = token(channel);
      if (token == null) {
        deliveries.add(
            new Delivery(channel.channel(), false, "$" + channel.tokenVariable() + " is not set"));
        continue;
      }
      SlackClient.Outcome outcome =
          client.post(channel.api(), token, SlackMessages.message(channel.channel(), alert));
      deliveries.add(
          new Delivery(channel.channel(), outcome.ok(), outcome.ok() ? "sent" : outcome.error()));
    }
    return deliveries;
  }

  private void deliver(Alert alert) {
    for (SlackChannel channel : settings.channels()) {
      if (!channel.wants(alert.pipeline(), alert.owners())) {
        continue;
      }
      String token = token(channel);
      if (token == null) {
        if (missingTokens.add(channel.tokenVariable())) {
          LOG.warn(
              "alerts: ${} is not set; nothing is sent to {}",
              channel.tokenVariable(),
              channel.channel());
        }
        continue;
      }
      deliver(channel, token, alert);
    }
  }

  private void deliver(SlackChannel channel, String token, Alert alert) {
    String threadKey = channel.channel() + "\n" + alert.key();
    OpenThread open = threads.get(threadKey);
    Instant now = clock.instant();
    if (open != null
        && Duration.between(open.firstAt(), now).compareTo(settings.repeatWindow()) > 0) {
      threads.remove(threadKey);
      open = null;
    }
    if (alert.resolved()) {
      if (open != null) {
        client.post(
            channel.api(),
            token,
            SlackMessages.reply(channel.channel(), open.ts(), alert, open.seen()));
        threads.remove(threadKey);
      }
      return;
    }
    if (open != null) {
      int seen = open.seen() + 1;
      client.post(
          channel.api(), token, SlackMessages.reply(channel.channel(), open.ts(), alert, seen));
      threads.put(threadKey, new OpenThread(open.ts(), open.firstAt(), seen));
      return;
    }
    SlackClient.Outcome outcome =
        client.post(channel.api(), token, SlackMessages.message(channel.channel(), alert));
    outcome.ts().ifPresent(ts -> threads.put(threadKey, new OpenThread(ts, now, 1)));
  }

  private String token(SlackChannel channel) {
    String token = environment.apply(channel.tokenVariable());
    return token == null || token.isBlank() ? null : token.strip();
  }

  /** Sends what is queued (for up to the timeout), then stops. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sender.shutdownNow();
    }
  }
}
