package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.FireStatus;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancelling a scheduled run through the API, against two real servers on loopback ports over one
 * DuckDB warehouse and one SQLite state store: {@code here} holds the scheduler lease and runs the
 * fires, {@code there} does not. Cancelled on the server that runs it, the run stops at once;
 * cancelled on the other, the fire is recorded cancelled and the lease holder stops the run at its
 * next tick. Either way the run ends interrupted and its fire is not resumed. The servers tick only
 * when the test tells them to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScheduledRunCancelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AssetName ENDLESS = AssetName.parse("marts.endless");

  @TempDir static Path root;
  private static final TestClock CLOCK = new TestClock(Instant.parse("2024-01-04T02:59:00Z"));
  private static DuckDbWarehouse warehouse;
  private static JdbcStateStore store;
  private static TidemarkServer here;
  private static TidemarkServer there;
  private final HttpClient client = HttpClient.newHttpClient();

  /** The nightly pipeline {@code daily}, with a model that computes for as long as it is let. */
  @BeforeAll
  static void startTwoServers() throws IOException {
    ScheduledProject files =
        ScheduledProject.write(
            root, "jdbc:sqlite:.tidemark/state.db", ScheduledProject.NIGHTLY, "", "[]");
    Files.writeString(
        root.resolve("models/marts/endless.sql"),
        """
        select event_date,
          (select count(*) from range(1000000000000) t(i) where i % 7 = 3) as n
        from {{ ref('daily_totals') }}
        where event_date = date '{{ partition_start }}'
        """,
        StandardCharsets.UTF_8);
    Files.writeString(
        root.resolve("models/models.yml"),
        """
          - name: endless
            pipeline: daily
            partitioning: {grain: day, column: event_date}
        """,
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    Project project = files.load();
    warehouse = files.warehouseWithEvents(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3));
    store = StateStores.open("jdbc:sqlite:.tidemark/state.db", root);
    here = server(project, "server-here");
    assertThat(here.scheduler().tick()).as("the first server takes the lease").isTrue();
    there = server(project, "server-there");
    assertThat(there.scheduler().tick()).as("the second finds it taken").isFalse();
  }

  private static TidemarkServer server(Project project, String holder) {
    return new TidemarkServer(
            project,
            warehouse,
            store,
            store.schedules(),
            CLOCK,
            // Ticks on their own only at start: the test ticks them.
            new ServerSettings(0, Duration.ofHours(1), Duration.ofSeconds(5), 1),
            new SchedulerOptions(
                holder,
                Duration.ofMinutes(30),
                new RunOwner(holder, 1, Instant.EPOCH),
                owner -> false,
                Duration.ofMinutes(1)))
        .start();
  }

  @AfterAll
  static void stopTheServers() {
    for (TidemarkServer server : new TidemarkServer[] {there, here}) {
      if (server != null) {
        server.stop();
      }
    }
    if (store != null) {
      store.close();
    }
    if (warehouse != null) {
      warehouse.close();
    }
  }

  private HttpResponse<String> post(TidemarkServer server, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(""))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + here.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  /** Fires the schedule at {@code now} on the lease holder; waits until the endless model runs. */
  private static long fireAndAwaitTheEndlessTask(String now) {
    CLOCK.set(now);
    assertThat(here.scheduler().tick()).isTrue();
    Fire fire =
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () -> store.schedules().latestFire("daily").orElseThrow(),
                f -> f.status() == FireStatus.RUNNING && f.runId() != 0);
    long run = fire.runId();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                store.attempts(run).stream()
                    .anyMatch(a -> a.asset().equals(ENDLESS) && a.status() == TaskStatus.RUNNING));
    return run;
  }

  private static Fire fireOf(long run) {
    return store.schedules().recentFires(100).stream()
        .filter(f -> f.runId() == run)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no fire started run " + run));
  }

  @Test
  @Order(1)
  void aScheduledRunCancelledWhereItRunsStopsAtOnceAndIsNotResumed() throws Exception {
    long run = fireAndAwaitTheEndlessTask("2024-01-04T03:00:30Z");

    JsonNode cancelled = json(post(here, "/api/v1/runs/" + run + "/cancel"), 202);
    assertThat(cancelled.get("schedule").asText()).isEqualTo("daily");
    assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.get("run_id").asLong()).isEqualTo(run);
    assertThat(cancelled.get("message").asText())
        .isEqualTo("Stopping run " + run + " now; its fire will not be resumed.");

    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> store.findRun(run).orElseThrow().status() == RunStatus.INTERRUPTED);
    await().atMost(Duration.ofMinutes(1)).until(() -> fireOf(run).detail().contains("interrupted"));
    Fire fire = fireOf(run);
    assertThat(fire.status()).isEqualTo(FireStatus.CANCELLED);
    assertThat(fire.detail()).startsWith("cancelled by api@").contains("not resumed");

    // A scheduler resumes interrupted fires at its next tick, but not this one.
    CLOCK.advance(Duration.ofMinutes(5));
    assertThat(here.scheduler().tick()).isTrue();
    assertThat(store.recentRuns(10)).extracting(r -> r.id()).containsExactly(run);
    assertThat(fireOf(run).status()).isEqualTo(FireStatus.CANCELLED);
    JsonNode daily = get("/api/v1/schedule").get("schedules").get(0);
    assertThat(daily.get("name").asText()).isEqualTo("daily");
    assertThat(daily.at("/last_fire/status").asText()).isEqualTo("cancelled");
    assertThat(daily.get("open")).isEmpty();

    JsonNode again = json(post(here, "/api/v1/runs/" + run + "/cancel"), 409);
    assertThat(again.get("detail").asText())
        .isEqualTo("run " + run + " already ended (interrupted); nothing to cancel");
  }

  @Test
  @Order(2)
  void aScheduledRunCancelledOnAnotherServerStopsAtTheLeaseHoldersNextTick() throws Exception {
    ScheduledProject.addEvents(warehouse, LocalDate.of(2024, 1, 4), LocalDate.of(2024, 1, 4));
    long run = fireAndAwaitTheEndlessTask("2024-01-05T03:00:30Z");

    JsonNode cancelled = json(post(there, "/api/v1/runs/" + run + "/cancel"), 202);
    assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.get("message").asText())
        .isEqualTo(
            "Run "
                + run
                + " runs on server-here (pid 1); the scheduler there stops it at its next tick."
                + " Its fire will not be resumed.");
    assertThat(fireOf(run).status()).isEqualTo(FireStatus.CANCELLED);
    assertThat(store.findRun(run).orElseThrow().status())
        .as("still running until the lease holder ticks")
        .isEqualTo(RunStatus.RUNNING);

    assertThat(here.scheduler().tick()).isTrue();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> store.findRun(run).orElseThrow().status() == RunStatus.INTERRUPTED);
    await().atMost(Duration.ofMinutes(1)).until(() -> fireOf(run).detail().contains("interrupted"));
    assertThat(fireOf(run).status()).isEqualTo(FireStatus.CANCELLED);
    assertThat(store.attempts(run))
        .filteredOn(a -> a.asset().equals(ENDLESS))
        .extracting(a -> a.status())
        .doesNotContain(TaskStatus.SUCCEEDED, TaskStatus.RUNNING);
  }

  @Test
  @Order(3)
  void runsOfOtherProcessesAreTheirsToStop() throws Exception {
    long run =
        store
            .createRun(
                new io.tidemark.core.state.NewRun(
                    io.tidemark.core.state.RunTrigger.MANUAL,
                    "daily_totals",
                    "2024-01-01",
                    "2024-01-01",
                    1,
                    CLOCK.instant(),
                    new RunOwner("laptop", 4242, Instant.EPOCH)))
            .id();
    JsonNode refused = json(post(here, "/api/v1/runs/" + run + "/cancel"), 409);
    assertThat(refused.get("detail").asText())
        .isEqualTo(
            "run "
                + run
                + " (manual) was started by neither a server's API nor a schedule; stop it where"
                + " it runs (host laptop, pid 4242)");
    assertThat(store.findRun(run).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }
}
