package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.alert.Alert;
import io.tidemark.core.alert.AlertKind;
import io.tidemark.server.alerts.SlackMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Golden tests of each alert's Block Kit message. Run with {@code -Dgolden.update=true} to write
 * the files anew after a deliberate change, and read the diff before committing it.
 */
class SlackMessagesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/slack");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant SINCE = Instant.parse("2024-01-05T03:00:05Z");
  private static final String RUN = "http://tidemark.example:8080/#/runs/42";

  static Alert sample(AlertKind kind) {
    return switch (kind) {
      case TASK_FAILED ->
          new Alert(
              "failures:daily",
              kind,
              false,
              "daily",
              List.of("finance"),
              "1 task failed",
              "pipeline daily · run #42",
              SINCE,
              List.of(
                  "marts.daily_totals 2024-01-04 failed after 2 attempts: Conversion Error: could"
                      + " not convert 'n/a' to INT32",
                  "3 downstream partitions are blocked: marts.daily_report 2024-01-04,"
                      + " marts.weekly 2024-01-04, marts.kpi 2024-01-04"),
              "tidemark run --select marts.daily_totals+ --start 2024-01-04 --end 2024-01-04",
              RUN);
      case RETRIES ->
          new Alert(
              "retries:daily:42",
              kind,
              false,
              "daily",
              List.of(),
              "2 retries in one run",
              "pipeline daily · run #42",
              SINCE,
              List.of(
                  "staging.stg_events 2024-01-03 attempt 1: IO Error: file not found",
                  "staging.stg_events 2024-01-04 attempt 1: IO Error: file not found"),
              "",
              RUN);
      case CHECKS ->
          new Alert(
              "checks:daily",
              kind,
              false,
              "daily",
              List.of("finance"),
              "1 check finding",
              "pipeline daily · run #42",
              SINCE,
              List.of("marts.daily_totals 2024-01-04 not_null(amount): 3 rows <NULL> & more"),
              "tidemark check --select marts.daily_totals",
              RUN);
      case VOLUME_ANOMALY ->
          new Alert(
              "volume:daily",
              kind,
              false,
              "daily",
              List.of(),
              "Volume anomaly in 1 partition",
              "pipeline daily · run #42",
              SINCE,
              List.of("raw.user_actions 2024-01-04 volume: 4,812 rows, expected 9,300..10,900"),
              "",
              RUN);
      case REPAIR_FINISHED ->
          new Alert(
              "repair:43",
              kind,
              false,
              "",
              List.of(),
              "Repair succeeded",
              "run #43",
              SINCE,
              List.of("12 of 12 partitions rebuilt"),
              "",
              "");
      case SCHEDULER_BEHIND ->
          new Alert(
              "scheduler:daily",
              kind,
              false,
              "daily",
              List.of(),
              "Scheduler behind: daily started 25 min late",
              "pipeline daily · run #44",
              SINCE,
              List.of("fire time 2024-01-05T03:00:00Z, run started 2024-01-05T03:25:00Z"),
              "",
              "");
      case SOURCE_NOT_ARRIVED ->
          new Alert(
              "arrival:raw.events",
              kind,
              false,
              "",
              List.of("app-analytics"),
              "Source not arrived: raw.events 2024-01-04",
              "source raw.events",
              Instant.parse("2024-01-05T00:00:00Z"),
              List.of(
                  "raw.events 2024-01-04: not arrived 3 h after the partition ended (warning)",
                  "expected within 2 h (warning), 6 h (error) of the partition's end",
                  "pipelines reading it wait for it: daily, reporting"),
              "tidemark sources scan --select raw.events --start 2024-01-04 --end 2024-01-04",
              "http://tidemark.example:8080/#/assets/raw.events");
      case TEST ->
          new Alert(
              "test",
              kind,
              false,
              "",
              List.of(),
              "Test message from Tidemark",
              "project subscriptions",
              SINCE,
              List.of("Alerts of this project will arrive here."),
              "",
              "");
    };
  }

  @ParameterizedTest
  @EnumSource(AlertKind.class)
  void eachAlertReadsAsItsGoldenMessage(AlertKind kind) throws IOException {
    JsonNode message = SlackMessages.message("#data-alerts", sample(kind));
    compare(message, kind.name().toLowerCase(java.util.Locale.ROOT) + ".json");
  }

  @ParameterizedTest
  @EnumSource(
      value = AlertKind.class,
      names = {"TASK_FAILED"})
  void aRepeatAndAResolutionAreThreadReplies(AlertKind kind) throws IOException {
    Alert again = sample(kind);
    compare(SlackMessages.reply("#data-alerts", "1704423605.000100", again, 3), "reply.json");
    Alert resolved =
        new Alert(
            again.key(),
            kind,
            true,
            "daily",
            List.of(),
            "Resolved: run #45 built everything",
            "pipeline daily · run #45",
            SINCE,
            List.of("8 tasks succeeded"),
            "",
            RUN);
    compare(SlackMessages.reply("#data-alerts", "1704423605.000100", resolved, 3), "resolved.json");
  }

  private static void compare(JsonNode message, String name) throws IOException {
    Path file = GOLDEN.resolve(name);
    String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(message) + "\n";
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(file, pretty, StandardCharsets.UTF_8);
    }
    assertThat(message).isEqualTo(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)));
  }
}
