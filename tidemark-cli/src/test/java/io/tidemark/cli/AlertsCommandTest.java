package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tidemark alerts test} against Slack's API served on a loopback port. */
class AlertsCommandTest {
  @TempDir Path dir;
  TestProject project;
  HttpServer slack;
  final List<JsonNode> posted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    project = TestProject.standard(dir);
    slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slack.createContext(
        "/api/chat.postMessage",
        exchange -> {
          JsonNode body = new ObjectMapper().readTree(exchange.getRequestBody().readAllBytes());
          posted.add(body);
          String answer =
              body.path("channel").asText().equals("#missing")
                  ? "{\"ok\":false,\"error\":\"channel_not_found\"}"
                  : "{\"ok\":true,\"ts\":\"1.2\"}";
          byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    slack.start();
  }

  @AfterEach
  void stop() {
    slack.stop(0);
  }

  private void configure(String... channels) {
    StringBuilder block = new StringBuilder("alerts:\n  slack:\n");
    String api = "http://127.0.0.1:" + slack.getAddress().getPort() + "/api";
    for (String channel : channels) {
      // HOME is set wherever the tests run; its value stands in for the bot token.
      block
          .append("    - channel: \"")
          .append(channel)
          .append("\"\n      token_env: HOME\n      api_url: ")
          .append(api)
          .append('\n');
    }
    project.write("tidemark.yml", project.read("tidemark.yml") + block);
  }

  @Test
  void sendsASampleToEveryChannelAndFailsWhenOneRefuses() {
    configure("#data-alerts", "#missing");

    Cli.Result result = project.cli("alerts", "test", "--no-color");

    assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
    assertThat(result.out())
        .contains("sent    #data-alerts")
        .contains("failed  #missing: channel_not_found");
    assertThat(posted)
        .extracting(p -> p.path("channel").asText())
        .containsExactly("#data-alerts", "#missing");
    assertThat(posted.get(0).path("text").asText()).contains("Test message from Tidemark");
  }

  @Test
  void aCliRunWhoseTaskFailsSendsTheMessageTheServerWould() {
    configure("#data-alerts");
    project.withEvents(5);
    project.write(
        "models/marts/daily_totals.sql",
        """
        select event_date, count(*) as events, sum(amount) as amount
        from {{ ref('stg_events') }}
        where event_date = date '{{ partition_start }}'
          and cast(case when event_date = date '2024-01-02' then 'n/a' else '1' end as integer) = 1
        group by event_date
        """);

    Cli.Result run = project.run("2024-01-01", "2024-01-03", "-s", "+daily_totals");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(posted).as("one message for the run").hasSize(1);
    JsonNode message = posted.get(0);
    assertThat(message.path("channel").asText()).isEqualTo("#data-alerts");
    assertThat(message.path("text").asText()).startsWith("🔴 1 task failed — ");
    assertThat(message.path("blocks").toString())
        .contains("marts.daily_totals 2024-01-02 failed after 1 attempt")
        .contains("Conversion Error")
        .contains("tidemark run --select marts.daily_totals+ --start 2024-01-02 --end 2024-01-02");
  }

  @Test
  void aCliRunThatSucceedsSendsNothing() {
    configure("#data-alerts");
    project.withEvents(5);

    Cli.Result run = project.run("2024-01-01", "2024-01-02");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(posted).isEmpty();
  }

  @Test
  void aTokenWrittenInTheProjectIsRefusedWithItsLine() {
    project.write(
        "tidemark.yml",
        project.read("tidemark.yml")
            + "alerts:\n  slack:\n    - channel: \"#x\"\n      token_env: xoxb-123-secret\n");

    Cli.Result result = project.cli("alerts", "test");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("tidemark.yml:")
        .contains("must name an environment variable");
    assertThat(posted).isEmpty();
  }

  @Test
  void theAlertsBlockOfTheOperationsPageIsValid() throws IOException {
    String page = java.nio.file.Files.readString(Path.of("../docs/operations.md"));
    java.util.regex.Matcher yaml =
        java.util.regex.Pattern.compile("```yaml\\n(alerts:.*?)```", java.util.regex.Pattern.DOTALL)
            .matcher(page);
    assertThat(yaml.find()).as("an alerts block in docs/operations.md").isTrue();
    project.write("tidemark.yml", project.read("tidemark.yml") + yaml.group(1));

    Cli.Result validate = project.cli("validate", "--no-color");

    assertThat(validate.exitCode()).as(validate.all()).isZero();
    io.tidemark.core.alert.AlertSettings settings =
        io.tidemark.core.project.AlertSettingsReader.read(dir);
    assertThat(settings.uiUrl()).isEqualTo("http://tidemark.internal:8080");
    assertThat(settings.repeatWindow()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(settings.channels())
        .extracting(
            c -> c.channel() + " " + c.tokenVariable() + " " + c.pipelines() + " " + c.owners())
        .containsExactly(
            "#data-alerts SLACK_BOT_TOKEN [] []",
            "#finance-data SLACK_BOT_TOKEN [finance] [finance-team]");
  }

  @Test
  void noChannelConfiguredIsAUsageError() {
    Cli.Result result = project.cli("alerts", "test");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("configures no Slack channel");
  }
}
