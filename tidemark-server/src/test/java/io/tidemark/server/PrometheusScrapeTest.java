package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.RunOwner;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes a real server's {@code /metrics} after a known scheduled run; PromQL
 * through Prometheus's HTTP API reads back what the run did, and every expression of the shipped
 * Grafana dashboard returns data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusScrapeTest {

  private static final RunOwner OWNER = new RunOwner("metrics-test", 1, Instant.EPOCH);

  @TempDir static Path root;
  @TempDir static Path prometheusDirectory;
  private final TestClock clock = new TestClock(Instant.parse("2024-01-05T02:59:00Z"));
  private DuckDbWarehouse warehouse;
  private JdbcStateStore store;
  private TidemarkServer server;
  private PrometheusProcess prometheus;
  private Instant scrapesFrom;

  /**
   * The daily pipeline fires at 03:00 and its run starts 5 s after (the clock stands still); then
   * Prometheus starts scraping, and the next night's fire runs.
   */
  @BeforeAll
  void runAFireAndStartPrometheus() throws IOException {
    ScheduledProject files =
        ScheduledProject.write(
            root, "jdbc:sqlite:.tidemark/state.db", ScheduledProject.NIGHTLY, "", "[]");
    // A byte written costs 0.001, so the costs API can be checked against the metrics.
    Files.writeString(
        root.resolve("tidemark.yml"),
        "costs:\n  currency: EUR\n  per_gb_written: 1000000\n",
        java.nio.file.StandardOpenOption.APPEND);
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
                    "metrics-test-server",
                    Duration.ofSeconds(30),
                    OWNER,
                    owner -> false,
                    Duration.ofMinutes(1)))
            .start();
    server.scheduler().tick(); // the schedule is first seen before its fire time
    clock.set("2024-01-05T03:00:05Z");
    server.scheduler().tick(); // records the fire
    server.scheduler().tick(); // starts its run
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> server.scheduler().runsInFlight() == 0 && !store.recentRuns(1).isEmpty());
    scrapesFrom = Instant.now();
    prometheus = PrometheusProcess.scraping(server.port(), prometheusDirectory);
    // Two scrapes at least, so rates and increases have a start and an end.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                !prometheus
                    .query("count_over_time(up{job=\"" + PrometheusProcess.JOB + "\"}[1m]) >= 3")
                    .isEmpty());
    // The next night's fire, while Prometheus watches: its tasks are what the rate-based panels
    // (duration quantiles, scheduler lag quantiles) draw.
    clock.set("2024-01-06T03:00:05Z");
    server.scheduler().tick(); // records the fire
    server.scheduler().tick(); // starts its run
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> server.scheduler().runsInFlight() == 0 && store.recentRuns(2).size() == 2);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                !prometheus
                    .query("tidemark_runs_total{trigger=\"schedule\",status=\"succeeded\"} == 2")
                    .isEmpty());
  }

  @AfterAll
  void stopEverything() {
    if (prometheus != null) {
      prometheus.close();
    }
    server.stop();
    store.close();
    warehouse.close();
  }

  @Test
  void prometheusReadsBackTheKnownRun() {
    assertThat(prometheus.value("up{job=\"tidemark\"}")).isEqualTo(1);
    assertThat(prometheus.value("tidemark_runs_total{trigger=\"schedule\",status=\"succeeded\"}"))
        .isEqualTo(2);
    assertThat(prometheus.value("tidemark_runs_total{trigger=\"schedule\",status=\"failed\"}"))
        .isZero();
    // stg_events and daily_totals, for each of the four days due at the first fire (Jan 1 to 4)
    // and the one day due at the second (Jan 5).
    assertThat(prometheus.value("tidemark_tasks_total{pipeline=\"daily\",status=\"succeeded\"}"))
        .isEqualTo(10);
    assertThat(prometheus.value("tidemark_task_duration_seconds_count{pipeline=\"daily\"}"))
        .isEqualTo(10);
    assertThat(prometheus.value("tidemark_task_retries_total{pipeline=\"daily\"}")).isZero();
    assertThat(prometheus.value("tidemark_scheduler_lag_seconds_sum{schedule=\"daily\"}"))
        .isEqualTo(10);
    assertThat(prometheus.value("tidemark_scheduler_lag_seconds_count{schedule=\"daily\"}"))
        .isEqualTo(2);
    assertThat(
            prometheus.value(
                "tidemark_partitions{asset=\"marts.daily_totals\",state=\"materialized\"}"))
        .isEqualTo(5);
    assertThat(prometheus.value("tidemark_task_rows_written_total{pipeline=\"daily\"}"))
        .isPositive();
    assertThat(prometheus.value("tidemark_task_scanned_bytes_total{pipeline=\"daily\"}"))
        .isPositive();
    assertThat(
            prometheus.value(
                "sum(tidemark_state_store_call_duration_seconds_count{store=\"state\",operation=\"finishAttempt\"})"))
        .isEqualTo(10);
    assertThat(prometheus.value("sum(jvm_memory_used_bytes{area=\"heap\"})")).isPositive();
    assertThat(prometheus.value("process_cpu_seconds_total")).isPositive();
  }

  @Test
  void theCostsApiPricesTheBytesTheMetricsCounted() throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + server.port() + "/api/v1/costs?by=pipeline"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode costs = new ObjectMapper().readTree(response.body());
    double written = prometheus.value("tidemark_task_written_bytes_total{pipeline=\"daily\"}");
    assertThat(written).isPositive();
    assertThat(costs.path("currency").asText()).isEqualTo("EUR");
    assertThat(costs.at("/groups/0/name").asText()).isEqualTo("daily");
    assertThat(costs.at("/groups/0/cost/written").asDouble())
        .isCloseTo(written / 1000, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(costs.at("/groups/0/share").asDouble()).isEqualTo(1.0);
  }

  @Test
  void everyQueryOfTheOperationsPageReturnsData() throws IOException {
    String page = Files.readString(Path.of("..", "docs", "operations.md"));
    java.util.regex.Matcher blocks =
        java.util.regex.Pattern.compile("```promql\\n(.*?)```", java.util.regex.Pattern.DOTALL)
            .matcher(page);
    List<String> queries = new ArrayList<>();
    while (blocks.find()) {
      queries.add(blocks.group(1).strip());
    }
    assertThat(queries).hasSizeGreaterThanOrEqualTo(5);
    for (String query : queries) {
      assertThat(prometheus.query(query)).as(query).isNotEmpty();
    }
  }

  /**
   * The dashboard's panels drawn from the same PromQL over the scrapes so far (the README's image
   * is drawn the same way from a longer-running server): every panel gets data, and the page
   * renders to an image in a real browser.
   */
  @Test
  void theDashboardsPanelsAreDrawnFromTheirQueries() throws Exception {
    Path base = Path.of("target", "dashboard", "tidemark");
    List<DashboardPanels.Panel> panels =
        DashboardPanels.render(
            prometheus.api(),
            scrapesFrom.minusSeconds(5),
            // A little past the last scrape, so the rate windows ending there hold the second
            // fire's tasks on either side of it.
            Instant.now().plusSeconds(2),
            Duration.ofSeconds(1),
            Duration.ofMinutes(1),
            java.util.Map.of("job", PrometheusProcess.JOB, "pipeline", ".*"),
            base);
    List<String> withoutData = new ArrayList<>();
    for (DashboardPanels.Panel panel : panels) {
      if (!panel.isRow() && panel.series().stream().allMatch(s -> s.points().isEmpty())) {
        withoutData.add(panel.title());
      }
    }
    assertThat(panels).hasSizeGreaterThan(20);
    assertThat(withoutData).as("panels without data").isEmpty();
    DashboardPanels.Panel runs =
        panels.stream().filter(p -> p.title().equals("Server up")).findFirst().orElseThrow();
    assertThat(runs.series()).extracting(DashboardPanels.Series::last).containsExactly(1.0);
    java.awt.image.BufferedImage image =
        javax.imageio.ImageIO.read(base.resolveSibling("tidemark.png").toFile());
    assertThat(image.getWidth()).isEqualTo(DashboardPanels.WIDTH);
    assertThat(image.getHeight()).isEqualTo(DashboardPanels.height(panels));
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours).as("distinct colours drawn").hasSizeGreaterThan(50);
  }

  @Test
  void everyDashboardExpressionReturnsData() throws IOException {
    List<String> expressions = new ArrayList<>();
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DashboardPanels.DASHBOARD));
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        expressions.add(target.path("expr").asText());
      }
    }
    assertThat(expressions).hasSizeGreaterThan(20);
    List<String> empty = new ArrayList<>();
    for (String expression : expressions) {
      String promql =
          expression
              .replace("$__rate_interval", "1m")
              .replace("$job", PrometheusProcess.JOB)
              .replace("$pipeline", ".*");
      if (prometheus.query(promql).isEmpty()) {
        empty.add(promql);
      }
    }
    assertThat(empty).as("dashboard expressions without data").isEmpty();
  }
}
