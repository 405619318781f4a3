package io.tidemark.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts messages with Slack's {@code chat.postMessage}. Slack's rate limit is respected: a 429
 * waits the {@code Retry-After} it names and tries again (a few times). Any other failure is logged
 * with Slack's answer and swallowed: an alert that cannot be sent never fails what it is about.
 */
public final class SlackClient {
  private static final Logger LOG = LoggerFactory.getLogger(SlackClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_RATE_LIMITED_TRIES = 4;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration LONGEST_WAIT = Duration.ofMinutes(2);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** What Slack answered: the message's timestamp (its id, for thread replies) or why not. */
  public record Outcome(Optional<String> ts, String error) {
    static Outcome failed(String error) {
      return new Outcome(Optional.empty(), error);
    }

    public boolean ok() {
      return ts.isPresent();
    }
  }

  public Outcome post(URI api, String token, ObjectNode message) {
    URI uri = URI.create(api.toString().replaceAll("/+$", "") + "/chat.postMessage");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(message.toString()))
            .build();
    String channel = message.path("channel").asText();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        LOG.warn("slack: cannot post to {}: {}", channel, e.toString());
        return Outcome.failed(e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.failed("interrupted");
      }
      if (response.statusCode() == 429 && attempt < MAX_RATE_LIMITED_TRIES) {
        Duration wait = retryAfter(response);
        LOG.info("slack: rate limited on {}; trying again in {} s", channel, wait.toSeconds());
        if (!pause(wait)) {
          return Outcome.failed("interrupted");
        }
        continue;
      }
      return outcome(channel, response);
    }
  }

  private static Outcome outcome(String channel, HttpResponse<String> response) {
    String body = response.body();
    if (response.statusCode() / 100 != 2) {
      LOG.warn("slack: posting to {} answered {}: {}", channel, response.statusCode(), body);
      return Outcome.failed("HTTP " + response.statusCode() + ": " + body);
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(body);
    } catch (IOException e) {
      LOG.warn("slack: posting to {} answered something not JSON: {}", channel, body);
      return Outcome.failed("not JSON: " + body);
    }
    if (!answer.path("ok").asBoolean(false)) {
      LOG.warn("slack: posting to {} failed: {}", channel, body);
      return Outcome.failed(answer.path("error").asText(body));
    }
    return new Outcome(Optional.of(answer.path("ts").asText()), "");
  }

  private static Duration retryAfter(HttpResponse<String> response) {
    long seconds =
        response.headers().firstValue("Retry-After").map(SlackClient::seconds).orElse(1L);
    Duration wait = Duration.ofSeconds(Math.max(1, seconds));
    return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
  }

  private static long seconds(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static boolean pause(Duration wait) {
    try {
      // The alerting thread's own wait: Slack asked for it, and nothing else waits on this thread.
      Thread.sleep(wait.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
