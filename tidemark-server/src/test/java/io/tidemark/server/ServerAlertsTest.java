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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scheduled run whose task fails reaches Slack as one message that says what to do. */
class ServerAlertsTest {
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
}
