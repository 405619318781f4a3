package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lineage, partitions, volume, checks, impact and repair endpoints of a real server on a
 * loopback port, over the example project after an incident. The tests that only read come first;
 * the repair, which changes what the others read, last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectApisTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DAMAGED = "start=2024-01-15&end=2024-01-17";

  @TempDir static Path root;
  private static ExampleDeployment deployment;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void startTheServer() {
    deployment = ExampleDeployment.start(root);
  }

  @AfterAll
  static void stopTheServer() {
    if (deployment != null) {
      deployment.close();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(deployment.url(path))));
  }

  private HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(deployment.url(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type"))
        .get()
        .asString()
        .startsWith(status >= 400 ? "application/problem+json" : "application/json");
    return JSON.readTree(response.body());
  }

  private JsonNode json(String path) throws IOException, InterruptedException {
    return json(get(path), 200);
  }

  private String problem(HttpResponse<String> response, int status) throws IOException {
    JsonNode problem = json(response, status);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    return problem.get("detail").asText();
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.get(field).asText()));
    return texts;
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode item : array) {
      if (item.get(field).asText().equals(value)) {
        return item;
      }
    }
    throw new AssertionError("no item with " + field + " = " + value + " in " + array);
  }

  @Test
  @Order(1)
  void theLineageGraphColoursEveryAssetByItsHealth() throws Exception {
    JsonNode graph = json("/api/v1/lineage");

    assertThat(graph.get("nodes")).hasSize(deployment.project.assets().size());
    JsonNode staging = find(graph.get("nodes"), "name", "staging.stg_user_actions");
    assertThat(staging.get("health").asText()).isEqualTo("stale");
    assertThat(staging.get("stale").asInt()).isEqualTo(3);
    assertThat(staging.get("built").asInt()).isEqualTo(18);
    assertThat(staging.get("problems").get(0).asText()).isEqualTo("3 partitions stale");
    assertThat(find(graph.get("nodes"), "name", "raw.iap_transactions").get("health").asText())
        .isEqualTo("healthy");
    assertThat(find(graph.get("nodes"), "name", "marts.inconsistent_users").get("health").asText())
        .isEqualTo("warning");
    JsonNode window = find(graph.get("edges"), "to", "marts.active_subscribers_7d");
    assertThat(graph.get("edges").toString())
        .contains(
            "{\"from\":\"raw.user_actions\",\"to\":\"staging.stg_user_actions\",\"mapping\":\"identity\"}",
            "{\"from\":\"staging.stg_user_actions\",\"to\":\"marts.active_subscribers_7d\","
                + "\"mapping\":\"window(7)\"}");
    assertThat(window.get("from").asText()).isNotEmpty();
  }

  @Test
  @Order(1)
  void aroundOneAssetTheGraphHoldsWhatItReadsAndWhatReadsIt() throws Exception {
    JsonNode graph = json("/api/v1/lineage?asset=stg_user_actions");

    assertThat(graph.get("focus").asText()).isEqualTo("staging.stg_user_actions");
    assertThat(texts(graph.get("nodes"), "name"))
        .containsExactlyInAnyOrder(
            "raw.user_actions",
            "staging.stg_user_actions",
            "marts.inconsistent_users",
            "marts.active_subscribers_7d",
            "marts.kpi_daily");
    // Edges from assets outside the neighbourhood (stg_iap_transactions) are left out.
    assertThat(texts(graph.get("edges"), "from"))
        .containsOnly(
            "raw.user_actions", "staging.stg_user_actions", "marts.active_subscribers_7d");
    // Read for the neighbourhood alone, each node says what it says in the whole graph.
    JsonNode whole = json("/api/v1/lineage");
    for (JsonNode node : graph.get("nodes")) {
      assertThat(node).isEqualTo(find(whole.get("nodes"), "name", node.get("name").asText()));
    }
    assertThat(find(graph.get("nodes"), "name", "staging.stg_user_actions").get("stale").asInt())
        .isEqualTo(3);
  }

  @Test
  @Order(1)
  void partitionsOfAnAssetEachCarryTheirState() throws Exception {
    JsonNode map =
        json("/api/v1/assets/stg_user_actions/partitions?start=2024-01-14&end=2024-01-18");

    assertThat(map.get("asset").asText()).isEqualTo("staging.stg_user_actions");
    assertThat(texts(map.get("partitions"), "partition"))
        .containsExactly("2024-01-14", "2024-01-15", "2024-01-16", "2024-01-17", "2024-01-18");
    assertThat(texts(map.get("partitions"), "state"))
        .containsExactly("built", "stale", "stale", "stale", "built");
    assertThat(map.at("/counts/stale").asInt()).isEqualTo(3);
    assertThat(map.at("/counts/built").asInt()).isEqualTo(2);
    assertThat(map.at("/partitions/0/rows").asLong()).isPositive();
    assertThat(map.at("/partitions/0/run_id").asLong()).isPositive();

    // By default: up to yesterday, from the asset's first partition.
    JsonNode whole = json("/api/v1/assets/raw.user_actions/partitions");
    assertThat(whole.get("start").asText()).isEqualTo("2024-01-01");
    assertThat(whole.get("end").asText()).isEqualTo("2024-01-21");
    assertThat(whole.get("partitions")).hasSize(21);
    assertThat(whole.at("/counts/built").asInt()).isEqualTo(21);
  }

  @Test
  @Order(1)
  void theVolumeHistoryCarriesTheExpectedBandAndFlagsTheAnomalies() throws Exception {
    JsonNode volume = json("/api/v1/assets/inconsistent_users/volume");

    assertThat(volume.get("check").asText()).isEqualTo("volume_anomaly");
    assertThat(volume.get("detector").asText()).isEqualTo("seasonal");
    JsonNode points = volume.get("points");
    assertThat(points).hasSize(21);
    assertThat(points.get(0).get("verdict").asText()).isEqualTo("not_judged");
    assertThat(points.get(0).get("low").isNull()).isTrue();
    // The damaged days doubled the inconsistent users: flagged high, the first as an alert.
    JsonNode first = find(points, "partition", "2024-01-15");
    assertThat(first.get("verdict").asText()).isEqualTo("high");
    assertThat(first.get("anomalous").asBoolean()).isTrue();
    assertThat(first.get("alert").asBoolean()).isTrue();
    assertThat(first.get("rows").asDouble()).isGreaterThan(first.get("high").asDouble());
    JsonNode second = find(points, "partition", "2024-01-16");
    assertThat(second.get("anomalous").asBoolean()).isTrue();
    assertThat(second.get("alert").asBoolean()).isFalse();
    JsonNode before = find(points, "partition", "2024-01-14");
    assertThat(before.get("verdict").asText()).isIn("normal", "not_judged");
    assertThat(before.get("anomalous").asBoolean()).isFalse();
  }

  @Test
  @Order(1)
  void checkResultsComeFailuresFirst() throws Exception {
    JsonNode checks = json("/api/v1/checks?limit=1000");

    List<String> statuses = texts(checks.at("/results/items"), "status");
    assertThat(statuses).contains("warn", "pass");
    assertThat(statuses.indexOf("pass")).isGreaterThan(statuses.lastIndexOf("warn"));
    assertThat(checks.at("/counts/warn").asInt())
        .isEqualTo(statuses.stream().filter("warn"::equals).count());
    assertThat(checks.at("/results/total").asInt()).isEqualTo(statuses.size());

    JsonNode warnings = json("/api/v1/checks?status=warn,fail&select=marts.inconsistent_users");
    assertThat(texts(warnings.at("/results/items"), "asset"))
        .containsOnly("marts.inconsistent_users");
    assertThat(texts(warnings.at("/results/items"), "status")).containsOnly("warn");
    assertThat(warnings.at("/results/items/0/message").asText()).contains("high");
  }

  @Test
  @Order(1)
  void checkResultsThatWereNotJudgedAreSkippedNeverPassed() throws Exception {
    JsonNode checks = json("/api/v1/checks?limit=1000");

    List<String> statuses = texts(checks.at("/results/items"), "status");
    // The first days of each volume check have too little history to judge.
    assertThat(statuses).contains("skipped");
    assertThat(checks.at("/counts/skipped").asInt())
        .isEqualTo(statuses.stream().filter("skipped"::equals).count());
    assertThat(checks.at("/counts/pass").asInt())
        .isEqualTo(statuses.stream().filter("pass"::equals).count());
    assertThat(statuses.indexOf("skipped")).isGreaterThan(statuses.lastIndexOf("warn"));
    assertThat(statuses.lastIndexOf("skipped")).isLessThan(statuses.indexOf("pass"));

    JsonNode skipped = json("/api/v1/checks?status=skipped&select=raw.user_actions&limit=1000");
    JsonNode items = skipped.at("/results/items");
    assertThat(texts(items, "status")).containsOnly("skipped");
    assertThat(texts(items, "check")).containsOnly("volume_anomaly");
    assertThat(texts(items, "partition"))
        .containsExactlyInAnyOrder("2024-01-01", "2024-01-02", "2024-01-03");
    assertThat(find(items, "partition", "2024-01-03").get("message").asText())
        .isEqualTo("not judged: 2 partitions with rows before it, needs 3");
  }

  @Test
  @Order(1)
  void theImpactIsTheTreeOfEveryPartitionThatReadTheBadDays() throws Exception {
    JsonNode impact = json("/api/v1/impact?asset=raw.user_actions&" + DAMAGED);

    assertThat(impact.get("downstream_partitions").asInt()).isEqualTo(20);
    assertThat(impact.get("downstream_assets").asInt()).isEqualTo(4);
    assertThat(impact.get("pipelines").toString())
        .isEqualTo("[\"subscriptions_daily\",\"subscriptions_reporting\"]");
    JsonNode assets = impact.get("assets");
    assertThat(texts(assets, "asset"))
        .containsExactly(
            "raw.user_actions",
            "staging.stg_user_actions",
            "marts.inconsistent_users",
            "marts.active_subscribers_7d",
            "marts.kpi_daily");
    JsonNode window = find(assets, "asset", "marts.active_subscribers_7d");
    assertThat(window.get("parent").asText()).isEqualTo("staging.stg_user_actions");
    assertThat(window.get("ranges").get(0).asText()).isEqualTo("2024-01-15..2024-01-21");
    assertThat(window.at("/via/0/mapping").asText()).isEqualTo("window(7)");
    assertThat(find(assets, "asset", "raw.user_actions").get("root").asBoolean()).isTrue();
  }

  @Test
  @Order(1)
  void badInputIsAProblemInTheWordsOfTheCliAndChangesNothing() throws Exception {
    int runsBefore = deployment.store.recentRuns(1000).size();

    assertThat(problem(get("/api/v1/impact?asset=nope&" + DAMAGED), 404))
        .isEqualTo("unknown asset 'nope' (see `tidemark status` for the list)");
    assertThat(
            problem(
                get("/api/v1/impact?asset=raw.user_actions&start=2024-01-32&end=2024-02-01"), 400))
        .isEqualTo("'2024-01-32' is not a date: January 2024 has 31 days");
    assertThat(
            problem(
                get("/api/v1/impact?asset=raw.user_actions&start=yesterday&end=2024-02-01"), 400))
        .isEqualTo("'yesterday' is not a date; write YYYY-MM-DD, for example 2024-01-31");
    assertThat(
            problem(
                get("/api/v1/impact?asset=raw.user_actions&start=2024-01-17&end=2024-01-15"), 400))
        .isEqualTo("invalid date range: start 2024-01-17 is after end 2024-01-15");
    assertThat(problem(get("/api/v1/impact?asset=raw.user_actions"), 400))
        .isEqualTo("query parameter 'start' is required");
    assertThat(problem(get("/api/v1/assets/nope/partitions"), 404))
        .startsWith("unknown asset 'nope'");
    assertThat(problem(get("/api/v1/assets/kpi_daily/volume?start=2024-02-30"), 400))
        .isEqualTo("'2024-02-30' is not a date: February 2024 has 29 days");
    assertThat(problem(get("/api/v1/checks?status=bad"), 400))
        .isEqualTo("unknown check status 'bad': use pass, warn, fail, error or skipped");
    assertThat(problem(get("/api/v1/lineage?asset=nope"), 404)).startsWith("unknown asset 'nope'");

    assertThat(problem(post("/api/v1/repairs", "{\"asset\": \"raw.user_actions\","), 400))
        .startsWith("the request body is not valid JSON: ");
    assertThat(problem(post("/api/v1/repairs", "[1]"), 400))
        .isEqualTo("the request body must be a JSON object");
    assertThat(
            problem(
                post(
                    "/api/v1/repairs",
                    "{\"asset\": \"raw.user_actions\", \"start\": \"2024-01-15\", \"end\":"
                        + " \"2024-01-17\", \"force\": true}"),
                400))
        .isEqualTo(
            "unknown field 'force' in the request body (known: allow_gaps, asset, end, exclude,"
                + " start, stop_at)");
    assertThat(problem(post("/api/v1/repairs", "{\"asset\": \"raw.user_actions\"}"), 400))
        .isEqualTo("field 'start' is required in the request body");
    assertThat(
            problem(
                post(
                    "/api/v1/repairs",
                    "{\"asset\": \"nope\", \"start\": \"2024-01-15\", \"end\": \"2024-01-17\"}"),
                404))
        .startsWith("unknown asset 'nope'");
    assertThat(
            problem(
                post(
                    "/api/v1/repairs",
                    "{\"asset\": \"kpi_daily\", \"start\": \"2023-01-15\", \"end\":"
                        + " \"2023-01-17\"}"),
                400))
        .isEqualTo(
            "marts.kpi_daily has no materialised partitions in 2023-01-15..2023-01-17 (its"
                + " partitions start 2024-01-01)");
    assertThat(
            problem(
                send(
                    HttpRequest.newBuilder(URI.create(deployment.url("/api/v1/repairs/1/start")))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))),
                400))
        .isEqualTo("send the request with Content-Type: application/json (it was text/plain)");
    assertThat(problem(post("/api/v1/repairs/x/start", ""), 400))
        .isEqualTo("repair id must be a whole number, got 'x'");
    assertThat(problem(post("/api/v1/repairs/999/start", ""), 404))
        .isEqualTo("unknown repair 999 (see `tidemark repairs` for the list)");
    assertThat(problem(get("/api/v1/repairs/999"), 404)).startsWith("unknown repair 999");
    assertThat(problem(get("/api/v1/repairs"), 404))
        .isEqualTo("no such resource: GET /api/v1/repairs");

    assertThat(deployment.store.recentRepairs(10)).isEmpty();
    assertThat(deployment.store.recentRuns(1000)).hasSize(runsBefore);
  }

  @Test
  @Order(2)
  void aRepairIsPlannedThenStartedAndRebuildsExactlyTheImpactSet() throws Exception {
    String request =
        "{\"asset\": \"raw.user_actions\", \"start\": \"2024-01-15\", \"end\": \"2024-01-17\"}";
    int runsBefore = deployment.store.recentRuns(1000).size();

    JsonNode plan = json(post("/api/v1/repairs", request), 201);
    long id = plan.get("repair_id").asLong();
    assertThat(plan.get("status").asText()).isEqualTo("planned");
    assertThat(plan.get("task_count").asInt()).isEqualTo(20);
    assertThat(texts(plan.get("assets"), "asset"))
        .containsExactly(
            "staging.stg_user_actions",
            "marts.inconsistent_users",
            "marts.active_subscribers_7d",
            "marts.kpi_daily");
    // Priced from each model's mean succeeded attempt, at the example's rates.
    JsonNode cost = plan.get("estimated_cost");
    assertThat(cost.get("currency").asText()).isEqualTo("USD");
    assertThat(cost.get("unpriced")).isEmpty();
    double sum = 0;
    for (JsonNode asset : plan.get("assets")) {
      assertThat(asset.get("estimated_cost").asDouble()).as(asset.toString()).isPositive();
      sum += asset.get("estimated_cost").asDouble();
    }
    assertThat(cost.get("total").asDouble())
        .isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(cost.get("total").asDouble())
        .isCloseTo(
            cost.get("cpu").asDouble()
                + cost.get("scanned").asDouble()
                + cost.get("written").asDouble(),
            org.assertj.core.api.Assertions.within(1e-12));
    assertThat(deployment.store.recentRuns(1000)).as("a plan runs nothing").hasSize(runsBefore);
    JsonNode stored = json("/api/v1/repairs/" + id);
    assertThat(stored.get("status").asText()).isEqualTo("planned");
    assertThat(stored.get("remaining").asInt()).isEqualTo(20);

    // Another process runs an overlapping repair: this one is refused and nothing starts.
    long other = json(post("/api/v1/repairs", request), 201).get("repair_id").asLong();
    Run running =
        deployment.store.startRepairRun(
            other,
            deployment.store.repairTasks(other),
            new NewRun(
                RunTrigger.REPAIR,
                "repair " + other,
                "2024-01-15",
                "2024-01-21",
                20,
                deployment.clock.instant(),
                new RunOwner("elsewhere", 1, deployment.clock.instant())));
    assertThat(problem(post("/api/v1/repairs/" + id + "/start", ""), 409))
        .contains("repair " + other, "run " + running.id());
    assertThat(json("/api/v1/repairs/" + id).get("status").asText()).isEqualTo("planned");
    deployment.store.finishRun(running.id(), RunStatus.INTERRUPTED, deployment.clock.instant());

    JsonNode started = json(post("/api/v1/repairs/" + id + "/start", ""), 202);
    long runId = started.get("run_id").asLong();
    assertThat(started.get("tasks").asInt()).isEqualTo(20);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> !json("/api/v1/repairs/" + id).get("status").asText().equals("running"));
    assertThat(json("/api/v1/repairs/" + id).get("status").asText()).isEqualTo("succeeded");
    assertThat(json("/api/v1/runs/" + runId).at("/run/status").asText()).isEqualTo("succeeded");
    assertThat(json("/api/v1/runs/" + runId).get("attempts")).hasSize(20);
    assertThat(problem(post("/api/v1/repairs/" + id + "/start", ""), 409))
        .isEqualTo("Repair " + id + " already finished; nothing to do.");

    JsonNode graph = json("/api/v1/lineage");
    // Rebuilt and checked again: nothing stale, and the warnings of the bad days are gone.
    assertThat(find(graph.get("nodes"), "name", "staging.stg_user_actions").get("health").asText())
        .isEqualTo("healthy");
    // The staleness around the asset, kept since it was shown stale, is worked out again.
    JsonNode around = json("/api/v1/lineage?asset=stg_user_actions");
    assertThat(find(around.get("nodes"), "name", "staging.stg_user_actions").get("stale").asInt())
        .isZero();
    assertThat(
            json("/api/v1/assets/stg_user_actions/partitions?" + DAMAGED)
                .at("/counts/built")
                .asInt())
        .isEqualTo(3);
  }
}
