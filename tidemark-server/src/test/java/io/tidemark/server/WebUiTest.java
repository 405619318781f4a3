package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunService;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.server.api.Job;
import io.tidemark.server.api.RunQueue;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium against a real server on the example project after an
 * incident: each page loads and shows what the state store holds, and the incident flow goes from
 * the bad days to a finished repair. The pages that only read come first.
 *
 * <p>With {@code -Dtidemark.ui.screenshots=DIR} it saves a PNG of each page into DIR (the
 * screenshots of the documentation are made so).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiTest {
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String CHROMIUM = "/usr/bin/chromium";

  @TempDir static Path root;
  @TempDir static Path profile;
  private static ExampleDeployment deployment;
  private static ChromeDriver browser;
  private static WebDriverWait wait;

  @BeforeAll
  static void startTheServerAndTheBrowser() {
    assertThat(Files.isExecutable(Path.of(CHROMEDRIVER)))
        .as("Chromium and its driver are needed: apt-get install chromium chromium-driver")
        .isTrue();
    deployment = ExampleDeployment.start(root);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=1440,900",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    // A page re-renders what it shows: an element read a moment ago may have been replaced.
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  static void stopTheBrowserAndTheServer() {
    if (browser != null) {
      browser.quit();
    }
    if (deployment != null) {
      deployment.close();
    }
  }

  private static void open(String page) {
    browser.get(deployment.url("/#" + page));
  }

  private static WebElement shown(By locator) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  private static List<String> texts(By locator) {
    return browser.findElements(locator).stream().map(WebElement::getText).toList();
  }

  private static Object script(String code, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(code, arguments);
  }

  /** Saves the page as it is into the screenshot directory, when one is given. */
  private static void screenshot(String name) throws IOException {
    String directory = System.getProperty("tidemark.ui.screenshots");
    if (directory == null || directory.isBlank()) {
      return;
    }
    Path file = Path.of(directory).resolve(name + ".png");
    Files.createDirectories(file.getParent());
    Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  @Test
  @Order(1)
  void theAssetsPageListsTheCatalogAndSearchesIt() throws IOException {
    open("/assets");
    wait.until(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("#assets tbody tr"), deployment.project.assets().size()));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-health-of='staging.stg_user_actions']"), "stale"));
    screenshot("assets");

    browser.findElement(By.id("asset-search")).sendKeys("reconciliation");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#assets tbody tr"), 1));
    assertThat(texts(By.cssSelector("#assets tbody td:first-child")))
        .containsExactly("marts.inconsistent_users");
    assertThat(shown(By.id("asset-count")).getText())
        .isEqualTo("1 asset matching “reconciliation”");

    WebElement search = browser.findElement(By.id("asset-search"));
    search.clear();
    search.sendKeys("app-analytics");
    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector("#assets tbody td:first-child"), "raw.user_actions"));
  }

  @Test
  @Order(1)
  void anAssetPageShowsItsCatalogEntryItsPartitionsAndItsVolume() throws IOException {
    open("/assets/staging.stg_user_actions");
    assertThat(shown(By.cssSelector("h1")).getText()).isEqualTo("staging.stg_user_actions");
    assertThat(shown(By.id("asset-facts")).getText())
        .contains("analytics-eng", "subscriptions_daily", "event_date (day)");
    assertThat(texts(By.cssSelector("#upstream a"))).containsExactly("raw.user_actions");
    assertThat(texts(By.cssSelector("#downstream a")))
        .containsExactlyInAnyOrder("marts.inconsistent_users", "marts.active_subscribers_7d");
    assertThat(texts(By.cssSelector("#columns td.code"))).contains("action_id", "event_date");
    wait.until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#heatmap [data-partition]"), 21));
    assertThat(
            browser.findElements(By.cssSelector("#heatmap [data-state='stale']")).stream()
                .map(cell -> cell.getAttribute("data-partition"))
                .toList())
        .containsExactly("2024-01-15", "2024-01-16", "2024-01-17");
    assertThat(browser.findElement(By.cssSelector("#heatmap .legend")).getText())
        .contains("built 18", "stale 3");
    shown(By.cssSelector("#volume .uplot canvas"));

    open("/assets/marts.inconsistent_users");
    wait.until(ExpectedConditions.textToBe(By.cssSelector("h1"), "marts.inconsistent_users"));
    shown(By.cssSelector("#volume .uplot canvas"));
    assertThat(shown(By.id("flagged")).getText()).contains("2024-01-15: high (alert)");
    assertThat(shown(By.id("volume-caption")).getText())
        .contains("seasonal detector", "flagged partition");
    screenshot("asset");
  }

  @Test
  @Order(1)
  void theLineageGraphIsColouredByHealthAndTellsWhatIsWrong() throws IOException {
    open("/lineage");
    shown(By.cssSelector("#lineage-graph[data-ready='true']"));
    assertThat(script("return document.getElementById('lineage-graph').cytoscape.nodes().length"))
        .isEqualTo((long) deployment.project.assets().size());
    assertThat(
            script(
                "return document.getElementById('lineage-graph').cytoscape"
                    + ".getElementById('staging.stg_user_actions').style('background-color')"))
        .isEqualTo("rgb(224,123,36)");
    // Left to right: a source lies left of what reads it.
    assertThat(
            ((Number)
                    script(
                        "const cy = document.getElementById('lineage-graph').cytoscape;"
                            + " return cy.getElementById('marts.kpi_daily').position('x')"
                            + " - cy.getElementById('raw.user_actions').position('x')"))
                .doubleValue())
        .isPositive();
    screenshot("lineage");

    click("staging.stg_user_actions");
    assertThat(shown(By.cssSelector("#lineage-panel .problems")).getText())
        .contains("3 partitions stale");

    open("/lineage?asset=marts.kpi_daily");
    shown(By.cssSelector("#lineage-graph[data-ready='true']"));
    assertThat(shown(By.cssSelector("h1")).getText()).isEqualTo("Lineage around marts.kpi_daily");
    assertThat(
            (Long)
                script("return document.getElementById('lineage-graph').cytoscape.nodes().length"))
        .isLessThan(deployment.project.assets().size());
  }

  /** Clicks an asset of the graph where cytoscape drew it on its canvas. */
  private static void click(String asset) {
    @SuppressWarnings("unchecked")
    Map<String, Number> at =
        (Map<String, Number>)
            script(
                "const cy = document.getElementById('lineage-graph').cytoscape;"
                    + " const p = cy.getElementById(arguments[0]).renderedPosition();"
                    + " return {x: p.x, y: p.y};",
                asset);
    WebElement canvas = browser.findElement(By.id("lineage-graph"));
    int x = at.get("x").intValue() - canvas.getSize().getWidth() / 2;
    int y = at.get("y").intValue() - canvas.getSize().getHeight() / 2;
    new Actions(browser).moveToElement(canvas, x, y).click().perform();
  }

  @Test
  @Order(1)
  void runsAreFilteredAndARunShowsItsAttemptsOnATimeline() throws IOException {
    List<Run> runs = deployment.store.recentRuns(1000);
    long backfills = runs.stream().filter(run -> run.trigger() == RunTrigger.BACKFILL).count();
    open("/runs");
    wait.until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs tbody tr"), runs.size()));
    screenshot("runs");
    new Select(browser.findElement(By.id("run-trigger"))).selectByValue("backfill");
    wait.until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs tbody tr"), (int) backfills));
    new Select(browser.findElement(By.id("run-status"))).selectByValue("failed");
    shown(By.cssSelector("p.empty"));
    new Select(browser.findElement(By.id("run-status"))).selectByValue("");

    Run first = runs.get(runs.size() - 1);
    browser.findElement(By.linkText("#" + first.id())).click();
    wait.until(ExpectedConditions.textToBe(By.cssSelector("h1"), "Run #" + first.id()));
    int attempts = deployment.store.attempts(first.id()).size();
    wait.until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#attempts tbody tr"), attempts));
    assertThat(browser.findElements(By.cssSelector("#timeline .bar"))).hasSize(attempts);
    assertThat(shown(By.id("run-progress")).getText())
        .startsWith(attempts + " of " + first.taskCount() + " done");
    // Each attempt's log opens under it: the statement it ran and what it wrote.
    WebElement log = browser.findElement(By.cssSelector("#attempts details.attempt-log"));
    log.findElement(By.tagName("summary")).click();
    assertThat(log.findElement(By.tagName("pre")).getText()).contains("statement (", "wrote ");
    screenshot("run");
  }

  @Test
  @Order(1)
  void checksShowFailuresFirst() throws IOException {
    open("/checks");
    shown(By.cssSelector("#checks tbody tr"));
    List<String> statuses = texts(By.cssSelector("#checks tbody td:first-child"));
    assertThat(statuses.get(0)).isEqualTo("warn");
    assertThat(statuses.indexOf("pass")).isGreaterThan(statuses.lastIndexOf("warn"));
    screenshot("checks");

    browser.findElement(By.cssSelector("#check-counts [data-status='warn']")).click();
    wait.until(
        driver ->
            texts(By.cssSelector("#checks tbody td:first-child")).stream()
                .allMatch("warn"::equals));
    // The partial load's days: flagged on the staging table that copies the source and on the
    // reconciliation mart that reads it (young tables are judged from their first days).
    assertThat(texts(By.cssSelector("#checks tbody td:nth-child(2)")))
        .contains("marts.inconsistent_users", "staging.stg_user_actions")
        .containsOnly("marts.inconsistent_users", "staging.stg_user_actions");

    // Results that were not judged (too little history) are skipped, apart from the passes.
    assertThat(statuses).contains("skipped");
    assertThat(statuses.indexOf("skipped")).isGreaterThan(statuses.lastIndexOf("warn"));
    assertThat(statuses.lastIndexOf("skipped")).isLessThan(statuses.indexOf("pass"));
    long skipped = statuses.stream().filter("skipped"::equals).count();
    browser.findElement(By.cssSelector("#check-counts [data-status='skipped']")).click();
    wait.until(
        driver ->
            texts(By.cssSelector("#checks tbody td:first-child")).stream()
                .allMatch("skipped"::equals));
    assertThat(shown(By.cssSelector("#check-counts [data-status='skipped']")).getText())
        .isEqualTo("skipped " + skipped);
    assertThat(texts(By.cssSelector("#checks tbody td:nth-child(7)")))
        .allMatch(message -> message.startsWith("not judged: "));
  }

  @Test
  @Order(1)
  void theCostsPageShowsWhatTheLoadsCostByAssetAndByPipeline() throws Exception {
    open("/costs");
    JsonNode byAsset = api("/api/v1/costs?by=asset&top=50");
    wait.until(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("#cost-groups tbody tr"), byAsset.path("groups").size()));
    assertThat(byAsset.path("groups").size()).isGreaterThan(5);
    assertThat(byAsset.at("/total/total").asDouble()).isPositive();
    assertThat(shown(By.id("cost-total")).getText()).endsWith(" USD");
    assertThat(
            browser.findElements(By.cssSelector("#cost-groups tbody tr")).stream()
                .map(row -> row.getAttribute("data-group"))
                .toList())
        .as("most expensive first, as the API orders them")
        .containsExactlyElementsOf(
            byAsset.path("groups").findValues("name").stream().map(JsonNode::asText).toList());
    assertThat(browser.findElements(By.cssSelector("#cost-partitions tbody tr"))).isNotEmpty();
    screenshot("costs");

    shown(By.cssSelector("#cost-by [data-by='pipeline']")).click();
    JsonNode byPipeline = api("/api/v1/costs?by=pipeline&top=50");
    wait.until(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("#cost-groups tbody tr"), byPipeline.path("groups").size()));
    assertThat(texts(By.cssSelector("#cost-groups tbody td:first-child")))
        .containsExactlyElementsOf(
            byPipeline.path("groups").findValues("name").stream().map(JsonNode::asText).toList())
        .contains("subscriptions_daily");
    assertThat(browser.getCurrentUrl())
        .endsWith("by=pipeline&since=" + byPipeline.path("since").asText());
  }

  private static JsonNode api(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(deployment.url(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }

  @Test
  @Order(2)
  void theIncidentFlowGoesFromTheBadDaysToAFinishedRepair() throws IOException {
    open("/incident");
    shown(By.id("incident-asset")).sendKeys("raw.user_actions");
    // Typing into a date field depends on the browser's locale; its value does not.
    script("document.getElementById('incident-start').value = '2024-01-15'");
    script("document.getElementById('incident-end').value = '2024-01-17'");
    browser.findElement(By.id("impact-button")).click();

    wait.until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#impact-tree [data-asset]"), 5));
    assertThat(
            browser.findElements(By.cssSelector("#impact-tree [data-asset]")).stream()
                .map(item -> item.getAttribute("data-asset"))
                .toList())
        .containsExactly(
            "raw.user_actions",
            "staging.stg_user_actions",
            "marts.inconsistent_users",
            "marts.active_subscribers_7d",
            "marts.kpi_daily");
    assertThat(shown(By.id("impact-summary")).getText())
        .startsWith("20 partitions downstream in 4 assets across 2 pipelines");
    assertThat(
            browser
                .findElement(By.cssSelector("#impact-tree [data-asset='marts.kpi_daily']"))
                .getText())
        .contains("2024-01-15..2024-01-21", "(7)");

    browser.findElement(By.id("plan-button")).click();
    WebElement plan = shown(By.id("repair-plan"));
    assertThat(plan.findElement(By.tagName("h2")).getText())
        .matches("Repair \\d+: 20 partitions to rebuild");
    assertThat(shown(By.id("repair-estimate")).getText())
        .matches("About .+ of task time, costing about \\d[\\d.e-]* USD\\.");
    long repairId = deployment.store.recentRepairs(1).get(0).id();
    assertThat(deployment.store.repairRuns(repairId)).as("planning runs nothing").isEmpty();
    screenshot("incident-plan");

    browser.findElement(By.id("start-button")).click();
    shown(By.id("confirm-cancel")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-dialog")));
    assertThat(deployment.store.repairRuns(repairId)).as("cancelled: nothing started").isEmpty();

    browser.findElement(By.id("start-button")).click();
    shown(By.id("confirm-start")).click();
    WebElement done = shown(By.id("repair-done"));
    assertThat(done.getText())
        .isEqualTo("Repair " + repairId + " finished: 20 partitions rebuilt.");
    assertThat(shown(By.id("repair-progress")).getText()).contains("20 of 20 tasks done");
    screenshot("incident-done");

    open("/assets/staging.stg_user_actions");
    wait.until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#heatmap [data-partition]"), 21));
    assertThat(browser.findElements(By.cssSelector("#heatmap [data-state='stale']"))).isEmpty();
  }

  @Test
  @Order(3)
  void aProblemIsShownInTheWordsOfTheCli() {
    open("/incident?asset=nope&start=2024-01-15&end=2024-01-17");
    assertThat(shown(By.cssSelector("#impact-step .error")).getText())
        .isEqualTo("unknown asset 'nope' (see `tidemark status` for the list)");
    open("/assets/nope");
    assertThat(shown(By.cssSelector("#view .error")).getText())
        .isEqualTo("unknown asset 'nope' (see `tidemark status` for the list)");
  }

  @Test
  @Order(4)
  void aQueuedRunAndARunningOneAreCancelledFromTheRunsPages() throws Exception {
    // The queue's one slot holds a real backfill whose run stays at its start until it is told
    // to stop: its run is recorded as running, and what is asked for next waits its turn.
    RunQueue queue = deployment.server.queue();
    CountDownLatch stopped = new CountDownLatch(1);
    Job held =
        queue.submit(
            new Job.Request(
                "backfill",
                "staging.stg_user_actions",
                ExampleDeployment.FIRST.toString(),
                ExampleDeployment.LAST.toString(),
                true,
                null,
                21,
                "test"),
            (listener, cancellation) ->
                new RunService(
                        deployment.project,
                        deployment.warehouse,
                        deployment.store,
                        deployment.clock)
                    .backfill(
                        "staging.stg_user_actions",
                        TimeRange.ofDays(ExampleDeployment.FIRST, ExampleDeployment.LAST),
                        true,
                        RunOptions.of(deployment.project.config()),
                        listener.andThen(
                            new RunListener() {
                              @Override
                              public void runStarted(Run run, Plan plan) {
                                // Registered after the run's executor, so a cancel reaches the
                                // executor before it lets the run go on.
                                try (Cancellation.Registration waiting =
                                    cancellation.register(stopped::countDown, stopped::countDown)) {
                                  await(stopped);
                                }
                              }
                            }),
                        cancellation)
                    .summary());
    wait.until(driver -> held.runId() != null);
    long runId = held.runId();
    HttpResponse<String> submitted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(deployment.url("/api/v1/backfills")))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"selection\": \"marts.kpi_daily\", \"start\": \"2024-01-20\","
                                + " \"end\": \"2024-01-21\", \"force\": true}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    long jobId = new ObjectMapper().readTree(submitted.body()).path("job_id").asLong();

    open("/runs");
    shown(By.cssSelector("[data-run='queued-" + jobId + "']"));
    assertThat(browser.findElements(By.cssSelector("#runs [data-cancels]")))
        .as("only the queued run and the running one can be cancelled")
        .hasSize(2);
    // Asked, then kept: nothing changes.
    browser.findElement(By.id("cancel-queued-" + jobId)).click();
    shown(By.cssSelector("dialog[open] .confirm-keep")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("dialog[open]"), 0));
    assertThat(queue.job(jobId).orElseThrow().status()).isEqualTo(Job.Status.QUEUED);
    // Asked and confirmed: it leaves the queue and never starts.
    browser.findElement(By.id("cancel-queued-" + jobId)).click();
    WebElement confirm = shown(By.cssSelector("dialog[open] .confirm-cancel-run"));
    assertThat(confirm.getText()).isEqualTo("Cancel queued run " + jobId);
    confirm.click();
    wait.until(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("[data-run='queued-" + jobId + "']"), 0));
    assertThat(queue.job(jobId).orElseThrow().status()).isEqualTo(Job.Status.CANCELLED);
    assertThat(queue.job(jobId).orElseThrow().runId()).isNull();

    // The running one, from its own page: it starts nothing more and ends interrupted.
    browser.findElement(By.linkText("#" + runId)).click();
    wait.until(ExpectedConditions.textToBe(By.cssSelector("h1"), "Run #" + runId));
    shown(By.id("run-cancel")).click();
    shown(By.cssSelector("dialog[open] .confirm-cancel-run")).click();
    wait.until(ExpectedConditions.textToBe(By.cssSelector(".title .badge"), "interrupted"));
    assertThat(deployment.store.findRun(runId).orElseThrow().status())
        .isEqualTo(RunStatus.INTERRUPTED);
    assertThat(browser.findElements(By.id("run-cancel"))).isEmpty();
    wait.until(driver -> held.status().isEnded());
    assertThat(held.status()).isEqualTo(Job.Status.ENDED);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
