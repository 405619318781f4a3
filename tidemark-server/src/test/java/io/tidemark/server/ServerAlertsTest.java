package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.RunOwner;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scheduled run whose task fails reaches Slack as one message that says what to do. */
class ServerAlertsTest {
  private static final io.tidemark.core.asset.AssetName EVENTS =
      io.tidemark.core.asset.AssetName.parse("raw.events");
  @TempDir Path root;
  private final TestClock clock = new TestClock(Instant.parse("2024-01-05T02:59:00Z"));
  private final FakeSlack slack = new FakeSlack();
  private DuckDbWarehouse warehouse;
  private JdbcStateStore store;
  private TidemarkServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
      store.close();
      warehouse.close();
    }
    slack.close();
  }

  @Test
  void aFailedTaskOfAScheduledRunIsOneMessageWithTheErrorTheRunLinkAndTheFix() throws IOException {
    ScheduledProject files =
        ScheduledProject.write(
            root, "jdbc:sqlite:.tidemark/state.db", ScheduledProject.NIGHTLY, "", "[]");
    // HOME is set wherever the tests run; its value stands in for the bot token.
    Files.writeString(
        root.resolve("tidemark.yml"),
        """
        alerts:
          ui_url: http://tidemark.example:8080
          slack:
            - channel: "#data-alerts"
              token_env: HOME
              api_url: %s
        """
            .formatted(slack.api()),
        StandardOpenOption.APPEND);
    Files.writeString(
        root.resolve("models/marts/daily_totals.sql"),
        """
        select event_date, count(*) as events, sum(amount) as amount
        from {{ ref('stg_events') }}
        where event_date = date '{{ partition_start }}'
          and cast(case when event_date = date '2024-01-03' then 'n/a' else '1' end as integer) = 1
        group by event_date
        """);
    Project project = files.load();
    warehouse = files.warehouseWithEvents(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 10));
    store = StateStores.open("jdbc:sqlite:.tidemark/state.db", root);
    server =
        new TidemarkServer(
                project,
                warehouse,
                store,
                store.schedules(),
                clock,
                new ServerSettings(0, Duration.ofHours(1), Duration.ofSeconds(5), 2),
                new SchedulerOptions(
                    "alerts-test-server",
                    Duration.ofSeconds(30),
                    new RunOwner("alerts-test", 1, Instant.EPOCH),
                    owner -> false,
                    Duration.ofMinutes(1)))
            .start();
    server.scheduler().tick();
    clock.set("2024-01-05T03:00:05Z");
    server.scheduler().tick();
    server.scheduler().tick();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> server.scheduler().runsInFlight() == 0 && !store.recentRuns(1).isEmpty());
    server.stop(); // sends what the run queued, then stops

    assertThat(slack.requests).hasSize(1);
    FakeSlack.Request request = slack.requests.get(0);
    assertThat(request.authorization()).isEqualTo("Bearer " + System.getenv("HOME"));
    JsonNode message = request.body();
    assertThat(message.path("channel").asText()).isEqualTo("#data-alerts");
    assertThat(message.path("text").asText())
        .isEqualTo("🔴 1 task failed — pipeline daily · run #1");
    String blocks = message.path("blocks").toString();
    assertThat(blocks)
        .contains("marts.daily_totals 2024-01-03 failed after 1 attempt")
        .contains("Conversion Error")
        .contains("tidemark run --select marts.daily_totals+ --start 2024-01-03 --end 2024-01-03")
        .contains("http://tidemark.example:8080/#/runs/1");
  }

  @Test
  void aSourceLateByItsArrivalCheckIsToldOnceAWarningOnceAnErrorAndWhenItArrives()
      throws IOException {
    ScheduledProject files =
        ScheduledProject.write(
            root,
            "jdbc:sqlite:.tidemark/state.db",
            "",
            "",
            "[{freshness: {warn_after: 2h, error_after: 6h}}]");
    Files.writeString(
        root.resolve("tidemark.yml"),
        """
        alerts:
          ui_url: http://tidemark.example:8080
          repeat_window: 12h
          slack:
            - channel: "#data-alerts"
              token_env: HOME
              api_url: %s
        """
            .formatted(slack.api()),
        StandardOpenOption.APPEND);
    Project project = files.load();
    // raw.events holds 2024-01-01 and 01-02; 2024-01-03 never came.
    warehouse = files.warehouseWithEvents(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2));
    store = StateStores.open("jdbc:sqlite:.tidemark/state.db", root);
    clock.set("2024-01-04T01:00:00Z");
    server =
        new TidemarkServer(
                project,
                warehouse,
                store,
                store.schedules(),
                clock,
                new ServerSettings(0, Duration.ofHours(1), Duration.ofSeconds(5), 2),
                new SchedulerOptions(
                    "arrival-test-server",
                    Duration.ofMinutes(30),
                    new RunOwner("arrival-test", 1, Instant.EPOCH),
                    owner -> false,
                    Duration.ofHours(1)))
            .start();
    assertThat(server.scheduler().tick()).isTrue();

    // 2024-01-03 ended an hour ago: within warn_after, so nothing is said.
    server.lookForArrivals();
    assertThat(store.partitions(List.of(EVENTS)))
        .as("the days that came were found in the warehouse and recorded")
        .extracting(state -> state.partition())
        .containsExactlyInAnyOrder("2024-01-01", "2024-01-02");

    clock.set("2024-01-04T03:00:00Z");
    server.lookForArrivals();
    server.lookForArrivals(); // nothing new: told once
    await().atMost(Duration.ofSeconds(30)).until(() -> slack.requests.size() == 1);
    JsonNode warning = slack.requests.get(0).body();
    assertThat(warning.path("text").asText())
        .isEqualTo("⏳ Source not arrived: raw.events 2024-01-03 — source raw.events");
    assertThat(warning.path("blocks").toString())
        .contains("raw.events 2024-01-03: not arrived 3 h after the partition ended (warning)")
        .contains("expected within 2 h (warning), 6 h (error)")
        .contains("tidemark sources scan --select raw.events --start 2024-01-03 --end 2024-01-03")
        .contains("http://tidemark.example:8080/#/assets/raw.events");

    clock.set("2024-01-04T07:00:00Z");
    server.lookForArrivals();
    await().atMost(Duration.ofSeconds(30)).until(() -> slack.requests.size() == 2);
    JsonNode error = slack.requests.get(1).body();
    assertThat(error.path("thread_ts").asText()).as("the same source: a reply").isNotEmpty();
    assertThat(error.toString()).contains("not arrived 7 h after the partition ended (error)");

    ScheduledProject.addEvents(warehouse, LocalDate.of(2024, 1, 3), LocalDate.of(2024, 1, 3));
    clock.set("2024-01-04T07:30:00Z");
    server.lookForArrivals();
    await().atMost(Duration.ofSeconds(30)).until(() -> slack.requests.size() == 3);
    JsonNode arrived = slack.requests.get(2).body();
    assertThat(arrived.path("thread_ts").asText()).isNotEmpty();
    assertThat(arrived.toString()).contains("Arrived: raw.events 2024-01-03");
    server.lookForArrivals();
    server.stop();
    assertThat(slack.requests).hasSize(3);
  }
}
