package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API of a real server on a loopback port, over a real warehouse and state store. */
class ServerApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RunOwner OWNER = new RunOwner("api-test", 1, Instant.EPOCH);

  @TempDir Path root;
  private final TestClock clock = new TestClock(Instant.parse("2024-01-05T02:59:00Z"));
  private final HttpClient client = HttpClient.newHttpClient();
  private DuckDbWarehouse warehouse;
  private JdbcStateStore store;
  private TidemarkServer server;

  /** Only reporting is scheduled: what it reads is never built, so its fires wait. */
  @BeforeEach
  void startTheServer() {
    ScheduledProject files =
        ScheduledProject.write(
            root,
            "jdbc:sqlite:.tidemark/state.db",
            "",
            ScheduledProject.NIGHTLY + "description: Reports for finance",
            "[]");
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
                    "api-test-server",
                    Duration.ofSeconds(30),
                    OWNER,
                    owner -> false,
                    Duration.ofMinutes(1)))
            .start();
  }

  @AfterEach
  void stopTheServer() {
    server.stop();
    store.close();
    warehouse.close();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .get()
        .asString()
        .startsWith("application/json");
    return JSON.readTree(response.body());
  }

  private JsonNode problem(String path, int status) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type"))
        .get()
        .asString()
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("instance").asText()).isEqualTo(path.replaceAll("\\?.*", ""));
    return problem;
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.get(field).asText()));
    return texts;
  }

  @Test
  void healthSaysTheServerIsUpAndHoldsTheSchedulerLease() throws Exception {
    server.scheduler().tick();

    JsonNode health = json("/api/v1/health");

    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("project").asText()).isEqualTo("scheduled");
    assertThat(health.get("schedules").asInt()).isEqualTo(1);
    assertThat(health.at("/scheduler/holds_lease").asBoolean()).isTrue();
    assertThat(health.at("/scheduler/lease_holder").asText()).isEqualTo("api-test-server");
    assertThat(health.at("/scheduler/lease_expires_at").asText()).isEqualTo("2024-01-05T02:59:30Z");
  }

  @Test
  void assetsArePagedAndSearchable() throws Exception {
    JsonNode all = json("/api/v1/assets");
    assertThat(all.get("total").asInt()).isEqualTo(4);
    assertThat(texts(all.get("items"), "name"))
        .containsExactly(
            "raw.events", "staging.stg_events", "marts.daily_totals", "marts.daily_report");

    JsonNode page = json("/api/v1/assets?offset=1&limit=2");
    assertThat(texts(page.get("items"), "name"))
        .containsExactly("staging.stg_events", "marts.daily_totals");
    assertThat(page.get("offset").asInt()).isEqualTo(1);
    assertThat(page.get("limit").asInt()).isEqualTo(2);

    JsonNode found = json("/api/v1/assets?q=REPORT");
    assertThat(texts(found.get("items"), "name")).containsExactly("marts.daily_report");
    assertThat(found.at("/items/0/pipeline").asText()).isEqualTo("reporting");
    assertThat(found.at("/items/0/grain").asText()).isEqualTo("day");
  }

  @Test
  void anAssetShowsItsPartitioningUpstreamAndDownstream() throws Exception {
    JsonNode asset = json("/api/v1/assets/daily_totals");

    assertThat(asset.get("name").asText()).isEqualTo("marts.daily_totals");
    assertThat(asset.get("kind").asText()).isEqualTo("model");
    assertThat(asset.get("materialization").asText()).isEqualTo("incremental");
    assertThat(asset.get("partition_column").asText()).isEqualTo("event_date");
    assertThat(texts(asset.get("upstream"), "asset")).containsExactly("staging.stg_events");
    assertThat(asset.get("downstream").get(0).asText()).isEqualTo("marts.daily_report");
  }

  @Test
  void badRequestsAreProblemsInTheWordsOfTheCli() throws Exception {
    assertThat(problem("/api/v1/assets/nope", 404).get("detail").asText())
        .isEqualTo("unknown asset 'nope' (see `tidemark status` for the list)");
    assertThat(problem("/api/v1/assets?limit=0", 400).get("detail").asText())
        .isEqualTo("query parameter 'limit' must be a whole number from 1 to 1000, got '0'");
    assertThat(problem("/api/v1/runs?limit=many", 400).get("title").asText())
        .isEqualTo("Invalid argument");
    assertThat(problem("/api/v1/runs/x", 400).get("detail").asText())
        .isEqualTo("run id must be a whole number, got 'x'");
    assertThat(problem("/api/v1/runs/999", 404).get("type").asText())
        .isEqualTo("https://tidemark.io/problems/not-found");
    assertThat(problem("/api/v1/nothing-here", 404).get("detail").asText())
        .isEqualTo("no such resource: GET /api/v1/nothing-here");
  }

  /** A request as a browser sends it when a page's own name was pointed at 127.0.0.1. */
  private String rawGet(String path, String host) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void withoutTokensOnlyRequestsNamingThisMachineAreAnswered() throws Exception {
    String rebound = rawGet("/api/v1/health", "evil.example:" + server.port());
    assertThat(rebound).startsWith("HTTP/1.1 403");
    assertThat(rebound)
        .contains(
            "this server has no tokens configured and answers only requests to 127.0.0.1 or"
                + " localhost, not to 'evil.example:"
                + server.port()
                + "'");
    assertThat(rawGet("/api/v1/health", "localhost:" + server.port())).startsWith("HTTP/1.1 200");
    assertThat(rawGet("/api/v1/health", "127.0.0.1")).startsWith("HTTP/1.1 200");
  }

  @Test
  void theOpenApiDocumentDescribesEveryRouteAndOnlyThose() throws Exception {
    JsonNode document = json("/api/v1/openapi.json");
    assertThat(document.get("openapi").asText()).startsWith("3.1");

    java.util.Set<String> documented = new java.util.TreeSet<>();
    document
        .get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        method ->
                            documented.add(
                                method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(server.apiRoutes());
    assertThat(server.apiRoutes()).contains("POST /api/v1/backfills", "GET /api/v1/openapi.json");

    // Every operation says what it answers, and every reference points into the document.
    document
        .get("paths")
        .forEach(
            path ->
                path.forEach(
                    operation -> {
                      assertThat(operation.get("summary").asText()).isNotBlank();
                      assertThat(operation.get("responses").size()).isPositive();
                    }));
    List<String> references = new ArrayList<>();
    document.findValues("$ref").forEach(reference -> references.add(reference.asText()));
    assertThat(references).isNotEmpty();
    for (String reference : references) {
      assertThat(document.at(reference.substring(1)).isMissingNode())
          .as("%s resolves", reference)
          .isFalse();
    }
  }

  @Test
  void runsAreListedNewestFirstAndShownWithTheirAttempts() throws Exception {
    Run older =
        store.createRun(
            new NewRun(
                RunTrigger.MANUAL, "", "2024-01-01", "2024-01-02", 1, clock.instant(), OWNER));
    Run newer =
        store.createRun(
            new NewRun(
                RunTrigger.BACKFILL,
                "daily_totals",
                "2024-01-03",
                "2024-01-03",
                1,
                clock.instant().plusSeconds(1),
                OWNER));
    store.startAttempt(
        newer.id(),
        io.tidemark.core.asset.AssetName.parse("marts.daily_totals"),
        "2024-01-03",
        1,
        clock.instant());

    JsonNode runs = json("/api/v1/runs?limit=10");
    assertThat(texts(runs, "id"))
        .containsExactly(String.valueOf(newer.id()), String.valueOf(older.id()));
    assertThat(runs.at("/0/trigger").asText()).isEqualTo("backfill");
    assertThat(runs.at("/0/status").asText()).isEqualTo("running");
    assertThat(runs.at("/0/ended_at").isNull()).isTrue();

    JsonNode run = json("/api/v1/runs/" + newer.id());
    assertThat(run.at("/run/selection").asText()).isEqualTo("daily_totals");
    assertThat(run.at("/attempts/0/asset").asText()).isEqualTo("marts.daily_totals");
    assertThat(run.at("/attempts/0/partition").asText()).isEqualTo("2024-01-03");
    assertThat(run.at("/attempts/0/status").asText()).isEqualTo("running");
  }

  @Test
  void theScheduleShowsNextFireLastFireAndWhatAFireWaitsFor() throws Exception {
    server.scheduler().tick();
    JsonNode before = json("/api/v1/schedule");
    assertThat(before.at("/scheduler/holds_lease").asBoolean()).isTrue();
    assertThat(texts(before.get("schedules"), "name")).containsExactly("reporting");
    assertThat(before.at("/schedules/0/cron").asText()).isEqualTo("0 3 * * *");
    assertThat(before.at("/schedules/0/timezone").asText()).isEqualTo("UTC");
    assertThat(before.at("/schedules/0/catchup").asText()).isEqualTo("none");
    assertThat(before.at("/schedules/0/next_fire").asText()).isEqualTo("2024-01-05T03:00:00Z");
    assertThat(before.at("/schedules/0/last_fire").isNull()).isTrue();

    clock.set("2024-01-05T03:00:05Z");
    server.scheduler().tick();

    JsonNode after = json("/api/v1/schedule");
    assertThat(after.at("/schedules/0/next_fire").asText()).isEqualTo("2024-01-06T03:00:00Z");
    assertThat(after.at("/schedules/0/last_fire/fire_time").asText())
        .isEqualTo("2024-01-05T03:00:00Z");
    assertThat(after.at("/schedules/0/last_fire/status").asText()).isEqualTo("waiting");
    assertThat(after.at("/schedules/0/open/0/run_id").isNull()).isTrue();
    assertThat(after.at("/schedules/0/waiting_for/0").asText())
        .startsWith("marts.daily_totals 2024-01-01 (not built); marts.daily_totals 2024-01-02");
  }
}
