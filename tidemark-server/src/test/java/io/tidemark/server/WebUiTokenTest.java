package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.RunOwner;
import io.tidemark.server.auth.AccessTokens;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The web UI in a real headless Chromium against a server with tokens configured. */
class WebUiTokenTest {
  private static final String TOKEN = AccessTokens.newToken();

  @TempDir static Path root;
  @TempDir static Path profile;
  private static DuckDbWarehouse warehouse;
  private static JdbcStateStore store;
  private static TidemarkServer server;
  private static ChromeDriver browser;
  private static WebDriverWait wait;

  @BeforeAll
  static void startTheServerAndTheBrowser() throws IOException {
    ScheduledProject files =
        ScheduledProject.write(root, "jdbc:sqlite:.tidemark/state.db", "", "", "[]");
    Files.writeString(
        root.resolve("tidemark.yml"),
        "server:\n  tokens:\n    - {name: alice, role: read, sha256: "
            + AccessTokens.sha256(TOKEN)
            + "}\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
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
                new ServerSettings(0, Duration.ofHours(1), Duration.ofSeconds(5), 1)
                    .withAccess(ServerSettings.HOST, AccessTokens.read(root)),
                new SchedulerOptions(
                    "ui-token-test-server",
                    Duration.ofSeconds(30),
                    new RunOwner("ui-token-test", 1, Instant.EPOCH),
                    owner -> false,
                    Duration.ofMinutes(1)))
            .start();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
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
        "--window-size=1280,800");
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build(),
            options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  static void stopTheBrowserAndTheServer() {
    if (browser != null) {
      browser.quit();
    }
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

  private static void useToken(String token) {
    WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
    field.clear();
    field.sendKeys(token);
    browser.findElement(By.cssSelector("#token-form button")).click();
  }

  @Test
  void theUiAsksForATokenKeepsItForTheTabAndSendsItWithEveryRequest() {
    browser.get("http://127.0.0.1:" + server.port() + "/#/assets");
    wait.until(ExpectedConditions.textToBe(By.cssSelector("h1"), "Token needed"));
    wait.until(ExpectedConditions.textToBe(By.id("project"), "token needed"));

    useToken(TOKEN + "x");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#view p"),
            "The server did not accept this token: the bearer token is not one this server"
                + " accepts"));

    useToken(TOKEN);
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#assets tbody tr"), 4));
    wait.until(ExpectedConditions.textToBe(By.id("project"), "scheduled"));

    // Kept for the tab: a reload asks no more.
    browser.navigate().refresh();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#assets tbody tr"), 4));
    assertThat(browser.findElements(By.id("token"))).isEmpty();
  }
}
