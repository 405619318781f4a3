package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.core.alert.Alert;
import io.tidemark.core.alert.AlertKind;
import io.tidemark.core.alert.AlertSettings;
import io.tidemark.core.alert.SlackChannel;
import io.tidemark.server.alerts.SlackAlerter;
import io.tidemark.server.alerts.SlackClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackAlerterTest {
  private final FakeSlack slack = new FakeSlack();
  private final TestClock clock = new TestClock(Instant.parse("2024-01-05T03:00:00Z"));
  private final Map<String, String> environment = Map.of("SLACK_TOKEN", "xoxb-test");
  private SlackAlerter alerter;

  @AfterEach
  void stop() {
    if (alerter != null) {
      alerter.close();
    }
    slack.close();
  }

  private SlackAlerter alerter(List<SlackChannel> channels) {
    alerter =
        new SlackAlerter(
            new AlertSettings("", Duration.ofHours(1), Duration.ofMinutes(15), channels),
            environment::get,
            clock,
            new SlackClient());
    return alerter;
  }

  private SlackChannel channel(String name, List<String> pipelines) {
    return new SlackChannel(name, "SLACK_TOKEN", pipelines, List.of(), slack.api());
  }

  private static Alert failure(String pipeline, boolean resolved) {
    return new Alert(
        "failures:" + pipeline,
        AlertKind.TASK_FAILED,
        resolved,
        pipeline,
        List.of(),
        resolved ? "Resolved" : "1 task failed",
        "pipeline " + pipeline,
        Instant.parse("2024-01-05T03:00:00Z"),
        List.of("marts.x 2024-01-04 failed after 1 attempt: boom"),
        "",
        "");
  }

  @Test
  void theSameKeyWithinTheWindowIsACountedThreadReplyAndARecoveryResolvesTheThread() {
    SlackAlerter alerter = alerter(List.of(channel("#data-alerts", List.of())));

    alerter.send(failure("daily", false));
    alerter.send(failure("daily", false));
    alerter.send(failure("daily", true));
    alerter.send(failure("daily", true)); // nothing open any more: dropped
    alerter.close();

    assertThat(slack.requests).hasSize(3);
    FakeSlack.Request first = slack.requests.get(0);
    assertThat(first.path()).isEqualTo("/api/chat.postMessage");
    assertThat(first.authorization()).isEqualTo("Bearer xoxb-test");
    assertThat(first.body().path("channel").asText()).isEqualTo("#data-alerts");
    assertThat(first.body().has("thread_ts")).isFalse();
    String thread = "1704423605.000101";
    assertThat(slack.requests.get(1).body().path("thread_ts").asText()).isEqualTo(thread);
    assertThat(slack.requests.get(1).body().path("text").asText()).contains("Again (2 times now)");
    assertThat(slack.requests.get(2).body().path("thread_ts").asText()).isEqualTo(thread);
    assertThat(slack.requests.get(2).body().path("text").asText()).startsWith("✅");
  }

  @Test
  void afterTheWindowTheSameKeyIsANewMessage() {
    SlackAlerter alerter = alerter(List.of(channel("#data-alerts", List.of())));
    alerter.send(failure("daily", false));
    await().until(() -> slack.requests.size() == 1);

    clock.advance(Duration.ofHours(2));
    alerter.send(failure("daily", false));
    alerter.close();

    assertThat(slack.requests).hasSize(2);
    assertThat(slack.requests.get(1).body().has("thread_ts")).isFalse();
  }

  @Test
  void aRateLimitWaitsRetryAfterAndSendsOnce() {
    slack.answerNext(429, "1", "{\"ok\":false,\"error\":\"ratelimited\"}");
    SlackAlerter alerter = alerter(List.of(channel("#data-alerts", List.of())));

    alerter.send(failure("daily", false));
    alerter.send(failure("daily", false));
    alerter.close();

    // The rate-limited post, its retry, then the repeat as a reply in the thread the retry opened.
    assertThat(slack.requests).hasSize(3);
    assertThat(slack.requests.get(0).body()).isEqualTo(slack.requests.get(1).body());
    assertThat(slack.requests.get(2).body().has("thread_ts")).isTrue();
  }

  @Test
  void serverErrorsAndRefusalsAreLoggedAndTheNextAlertStillGoes() {
    slack.answerNext(500, null, "upstream broke");
    slack.answerNext(200, null, "{\"ok\":false,\"error\":\"channel_not_found\"}");
    SlackAlerter alerter = alerter(List.of(channel("#data-alerts", List.of())));

    alerter.send(failure("daily", false));
    alerter.send(failure("hourly", false));
    alerter.send(failure("weekly", false));
    alerter.close();

    assertThat(slack.requests).hasSize(3);
    // Neither failed post opened a thread: each is a message of its own.
    assertThat(slack.requests).allMatch(r -> !r.body().has("thread_ts"));
  }

  @Test
  void channelsGetTheirPipelinesOnlyAndAMissingTokenSendsNothing() {
    SlackAlerter alerter =
        alerter(
            List.of(
                channel("#daily", List.of("daily")),
                channel("#all", List.of()),
                new SlackChannel("#unset", "NOT_SET", List.of(), List.of(), slack.api())));

    alerter.send(failure("hourly", false));
    alerter.close();

    assertThat(slack.requests)
        .extracting(r -> r.body().path("channel").asText())
        .containsExactly("#all");
  }

  @Test
  void sendNowSaysHowEachChannelAnswered() {
    slack.answerNext(200, null, "{\"ok\":false,\"error\":\"not_in_channel\"}");
    SlackAlerter alerter =
        alerter(
            List.of(
                channel("#first", List.of()),
                channel("#second", List.of()),
                new SlackChannel("#unset", "NOT_SET", List.of(), List.of(), slack.api())));

    List<SlackAlerter.Delivery> deliveries =
        alerter.sendNow(SlackMessagesTest.sample(AlertKind.TEST));

    assertThat(deliveries)
        .containsExactly(
            new SlackAlerter.Delivery("#first", false, "not_in_channel"),
            new SlackAlerter.Delivery("#second", true, "sent"),
            new SlackAlerter.Delivery("#unset", false, "$NOT_SET is not set"));
  }
}
