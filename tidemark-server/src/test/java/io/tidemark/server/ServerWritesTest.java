package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writes of the API against a real server on a loopback port, a DuckDB warehouse and a SQLite
 * state store: backfills queue and run in the server, invalidations record incidents, runs are
 * cancelled; bad requests are problems in the CLI's words and change nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerWritesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AssetName TOTALS = AssetName.parse("marts.daily_totals");

  @TempDir static Path root;
  private static DuckDbWarehouse warehouse;
  private static JdbcStateStore store;
  private static TidemarkServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  /** The scheduled project, plus a model that computes for as long as it is let. */
  @BeforeAll
  static void startTheServer() throws IOException {
    ScheduledProject files =
        ScheduledProject.write(root, "jdbc:sqlite:.tidemark/state.db", "", "", "[]");
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
            pipeline: reporting
            partitioning: {grain: day, column: event_date}
        """,
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    Project project = files.load();
    warehouse = files.warehouseWithEvents(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3));
    store = StateStores.open("jdbc:sqlite:.tidemark/state.db", root);
    server =
        new TidemarkServer(
                project,
                warehouse,
                store,
                store.schedules(),
                new TestClock(Instant.parse("2024-01-04T06:00:00Z")),
                new ServerSettings(0, Duration.ofHours(1), Duration.ofSeconds(5), 1),
                new SchedulerOptions(
                    "writes-test-server",
                    Duration.ofSeconds(30),
                    new RunOwner("writes-test", 1, Instant.EPOCH),
                    owner -> false,
                    Duration.ofMinutes(1)))
            .start();
  }

  @AfterAll
  static void stopTheServer() {
    if (server != null) {
      server.stop();
    }
    if (store != null) {
      store.close();
    }
    if (warehouse != null) {
      warehouse.close();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return json(send(request(path)), 200);
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type"))
        .get()
        .asString()
        .startsWith(status >= 400 ? "application/problem+json" : "application/json");
    return JSON.readTree(response.body());
  }

  private static String problem(HttpResponse<String> response, int status) throws IOException {
    JsonNode problem = json(response, status);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    return problem.get("detail").asText();
  }

  private JsonNode awaitEnded(long job) {
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> Set.of("ended", "failed", "cancelled").contains(jobStatus(job)));
    try {
      return get("/api/v1/queue/" + job);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private String jobStatus(long job) throws IOException, InterruptedException {
    return get("/api/v1/queue/" + job).get("status").asText();
  }

  private String stateOf(String day) {
    List<PartitionState> states = store.partitions(List.of(TOTALS));
    return states.stream()
        .filter(state -> state.partition().equals(day))
        .map(state -> state.status().name())
        .findFirst()
        .orElse("none");
  }

  @Test
  @Order(1)
  void badWritesAreProblemsInTheWordsOfTheCliAndChangeNothing() throws Exception {
    assertThat(problem(post("/api/v1/backfills", "{\"selection\": "), 400))
        .startsWith("the request body is not valid JSON: ");
    assertThat(problem(post("/api/v1/backfills", "{\"select\": \"x\"}"), 400))
        .isEqualTo(
            "unknown field 'select' in the request body (known: end, force, selection, start)");
    assertThat(problem(post("/api/v1/backfills", "{\"force\": \"yes\"}"), 400))
        .isEqualTo("field 'force' must be true or false, got \"yes\"");
    assertThat(
            problem(
                post("/api/v1/backfills", "{\"start\": \"2024-01-03\", \"end\": \"2024-01-01\"}"),
                400))
        .isEqualTo("invalid date range: start 2024-01-03 is after end 2024-01-01");
    assertThat(problem(post("/api/v1/backfills", "{\"end\": \"2024-02-30\"}"), 400))
        .isEqualTo("'2024-02-30' is not a date: February 2024 has 29 days");
    String unknownSelection = problem(post("/api/v1/backfills", "{\"selection\": \"nope\"}"), 404);
    assertThat(unknownSelection).contains("'nope'");

    assertThat(
            problem(
                post(
                    "/api/v1/invalidations",
                    "{\"asset\": \"nope\", \"start\": \"2024-01-01\", \"end\": \"2024-01-01\","
                        + " \"reason\": \"bad\"}"),
                404))
        .isEqualTo("unknown asset 'nope' (see `tidemark status` for the list)");
    assertThat(
            problem(
                post(
                    "/api/v1/invalidations",
                    "{\"asset\": \"daily_totals\", \"start\": \"2024-01-01\", \"end\":"
                        + " \"2024-01-01\"}"),
                400))
        .isEqualTo("field 'reason' must say what went wrong");
    assertThat(
            problem(
                post(
                    "/api/v1/invalidations",
                    "{\"asset\": \"daily_totals\", \"start\": \"2024-01-02\", \"end\":"
                        + " \"2024-01-01\", \"reason\": \"bad\"}"),
                400))
        .isEqualTo("invalid date range: start 2024-01-02 is after end 2024-01-01");

    assertThat(problem(post("/api/v1/runs/77/cancel", ""), 404))
        .isEqualTo("no run 77 (see `tidemark runs` for recent runs)");
    assertThat(problem(post("/api/v1/runs/x/cancel", ""), 400))
        .isEqualTo("run id must be a whole number, got 'x'");
    assertThat(problem(post("/api/v1/queue/5/cancel", ""), 404))
        .isEqualTo("no queued run 5 (GET /api/v1/queue lists them)");
    assertThat(
            problem(
                send(
                    request("/api/v1/backfills")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("selection=x"))),
                400))
        .isEqualTo(
            "send the request with Content-Type: application/json (it was"
                + " application/x-www-form-urlencoded)");
    assertThat(problem(send(request("/api/v1/backfills")), 404))
        .as("nothing is started with GET")
        .isEqualTo("no such resource: GET /api/v1/backfills");

    assertThat(store.recentRuns(100)).isEmpty();
    assertThat(store.recentIncidents(100)).isEmpty();
    assertThat(store.partitions(List.of(TOTALS))).isEmpty();
    assertThat(get("/api/v1/queue")).isEmpty();
    assertThat(get("/api/v1/runs")).isEmpty();
  }

  @Test
  @Order(2)
  void aBackfillIsQueuedRunInTheServerAndListedWithTheRuns() throws Exception {
    JsonNode submitted =
        json(
            post(
                "/api/v1/backfills",
                "{\"selection\": \"stg_events daily_totals\", \"start\": \"2024-01-01\","
                    + " \"end\": \"2024-01-02\"}"),
            202);
    assertThat(submitted.get("tasks").asInt()).isEqualTo(4);
    long job = submitted.get("job_id").asLong();
    assertThat(submitted.at("/job/kind").asText()).isEqualTo("backfill");
    assertThat(submitted.at("/job/submitted_by").asText()).startsWith("api@");

    JsonNode ended = awaitEnded(job);
    assertThat(ended.get("status").asText()).isEqualTo("ended");
    assertThat(ended.get("run_status").asText()).isEqualTo("succeeded");
    assertThat(ended.get("succeeded").asInt()).isEqualTo(4);
    long run = ended.get("run_id").asLong();

    JsonNode runs = get("/api/v1/runs");
    assertThat(runs.get(0).get("id").asLong()).isEqualTo(run);
    assertThat(runs.get(0).get("job_id").asLong()).isEqualTo(job);
    assertThat(runs.get(0).get("trigger").asText()).isEqualTo("backfill");
    JsonNode attempts = get("/api/v1/runs/" + run).get("attempts");
    assertThat(attempts).hasSize(4);
    assertThat(attempts.get(0).get("log").asText())
        .contains("attempt 1 of staging.stg_events 2024-01-0", "statement (", "wrote 10 rows");
    assertThat(stateOf("2024-01-01")).isEqualTo(PartitionStatus.MATERIALIZED.name());

    JsonNode again =
        json(
            post(
                "/api/v1/backfills",
                "{\"selection\": \"stg_events daily_totals\", \"start\": \"2024-01-01\","
                    + " \"end\": \"2024-01-02\"}"),
            200);
    assertThat(again.get("job_id").isNull()).isTrue();
    assertThat(again.get("message").asText())
        .isEqualTo("Nothing to run: every partition asked for is up to date.");
  }

  @Test
  @Order(3)
  void anInvalidationRecordsTheIncidentAndMarksThePartitionsInvalid() throws Exception {
    JsonNode incident =
        json(
            post(
                "/api/v1/invalidations",
                "{\"asset\": \"daily_totals\", \"start\": \"2024-01-02\", \"end\": \"2024-01-02\","
                    + " \"reason\": \"duplicated events\"}"),
            201);
    assertThat(incident.get("asset").asText()).isEqualTo("marts.daily_totals");
    assertThat(incident.get("partitions").toString()).isEqualTo("[\"2024-01-02\"]");
    assertThat(stateOf("2024-01-02")).isEqualTo(PartitionStatus.INVALID.name());
    assertThat(store.recentIncidents(10)).hasSize(1);
    assertThat(store.recentIncidents(10).get(0).reason()).isEqualTo("duplicated events");

    // An asset with nothing built in the range: the service's refusal, and no incident.
    String refused =
        problem(
            post(
                "/api/v1/invalidations",
                "{\"asset\": \"daily_report\", \"start\": \"2024-01-01\", \"end\": \"2024-01-01\","
                    + " \"reason\": \"bad\"}"),
            400);
    assertThat(refused).contains("marts.daily_report");
    assertThat(store.recentIncidents(10)).hasSize(1);
  }

  @Test
  @Order(4)
  void queuedRunsWaitTheirTurnAndRunsAreCancelled() throws Exception {
    JsonNode first =
        json(
            post(
                "/api/v1/backfills",
                "{\"selection\": \"endless\", \"start\": \"2024-01-01\", \"end\": \"2024-01-01\"}"),
            202);
    long endless = first.get("job_id").asLong();
    await().atMost(Duration.ofMinutes(1)).until(() -> jobStatus(endless).equals("running"));
    JsonNode second =
        json(
            post(
                "/api/v1/backfills",
                "{\"selection\": \"daily_totals\", \"start\": \"2024-01-03\", \"end\":"
                    + " \"2024-01-03\"}"),
            202);
    long waiting = second.get("job_id").asLong();
    assertThat(second.at("/job/status").asText()).isEqualTo("queued");

    JsonNode runs = get("/api/v1/runs");
    assertThat(runs.get(0).get("status").asText()).isEqualTo("queued");
    assertThat(runs.get(0).get("id").isNull()).isTrue();
    assertThat(runs.get(0).get("job_id").asLong()).isEqualTo(waiting);

    JsonNode cancelled = json(post("/api/v1/queue/" + waiting + "/cancel", ""), 202);
    assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
    assertThat(problem(post("/api/v1/queue/" + waiting + "/cancel", ""), 409))
        .isEqualTo("queued run " + waiting + " already ended (cancelled); nothing to cancel");

    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> !get("/api/v1/queue/" + endless).get("run_id").isNull());
    long run = get("/api/v1/queue/" + endless).get("run_id").asLong();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> get("/api/v1/runs/" + run).at("/attempts/0/status").asText().equals("running"));
    JsonNode stopping = json(post("/api/v1/runs/" + run + "/cancel", ""), 202);
    assertThat(stopping.get("id").asLong()).isEqualTo(endless);

    JsonNode ended = awaitEnded(endless);
    assertThat(ended.get("run_status").asText()).isEqualTo("interrupted");
    assertThat(store.findRun(run).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(get("/api/v1/runs/" + run).at("/attempts/0/log").asText())
        .contains("statement (", "range(1000000000000)", "run interrupted", "error: ");
    assertThat(problem(post("/api/v1/runs/" + run + "/cancel", ""), 409))
        .isEqualTo("run " + run + " already ended (interrupted); nothing to cancel");
    assertThat(jobStatus(waiting)).isEqualTo("cancelled");
    assertThat(stateOf("2024-01-03")).as("the cancelled backfill never ran").isEqualTo("none");
  }
}
