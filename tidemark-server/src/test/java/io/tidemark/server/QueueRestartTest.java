package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.QueuedRun;
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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run queue outlives its server: a server stopped with a backfill running and others waiting
 * leaves them in the SQLite state store, and a new server on the same store runs them (the waiting
 * one as asked, the interrupted one again), with the ids they had; what was cancelled stays so.
 */
class QueueRestartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RunOwner FIRST = new RunOwner("queue-test", 1, Instant.EPOCH);
  private static final RunOwner SECOND = new RunOwner("queue-test", 2, Instant.EPOCH);
  private static final AssetName ENDLESS = AssetName.parse("marts.endless");
  private static final AssetName TOTALS = AssetName.parse("marts.daily_totals");

  @TempDir Path root;
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void queuedAndInterruptedBackfillsRunInTheNextServerOnTheStore() throws Exception {
    ScheduledProject files =
        ScheduledProject.write(root, "jdbc:sqlite:.tidemark/state.db", "", "", "[]");
    writeEndless("(select count(*) from range(1000000000000) t(i) where i % 7 = 3)");
    Files.writeString(
        root.resolve("models/models.yml"),
        """
          - name: endless
            pipeline: reporting
            partitioning: {grain: day, column: event_date}
        """,
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    try (DuckDbWarehouse warehouse =
            files.warehouseWithEvents(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3));
        JdbcStateStore store = StateStores.open("jdbc:sqlite:.tidemark/state.db", root)) {
      TidemarkServer first = server(files.load(), warehouse, store, FIRST, owner -> false);
      long endless;
      long totals;
      long cancelled;
      long runningRun;
      try {
        endless = submit(first, "+marts.endless", "2024-01-01", "2024-01-01", false);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> !get(first, "/api/v1/queue/" + endless).path("run_id").isNull());
        runningRun = get(first, "/api/v1/queue/" + endless).path("run_id").asLong();
        totals = submit(first, "marts.daily_totals", "2024-01-01", "2024-01-03", true);
        cancelled = submit(first, "marts.daily_totals", "2024-01-02", "2024-01-02", true);
        assertThat(post(first, "/api/v1/queue/" + cancelled + "/cancel", "{}").statusCode())
            .isEqualTo(202);
        assertThat(get(first, "/api/v1/queue/" + totals).path("status").asText())
            .isEqualTo("queued");
      } finally {
        // The endless task is aborted after the grace period; its run ends interrupted.
        first.stop();
      }

      Map<Long, QueuedRun> kept = byId(store.recentQueuedRuns(10));
      assertThat(kept.get(endless).status()).isEqualTo(QueuedRun.Status.RUNNING);
      assertThat(kept.get(endless).runId()).isEqualTo(runningRun);
      assertThat(store.findRun(runningRun).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(kept.get(totals).status()).isEqualTo(QueuedRun.Status.QUEUED);
      assertThat(kept.get(totals).force()).isTrue();
      assertThat(kept.get(cancelled).status()).isEqualTo(QueuedRun.Status.CANCELLED);

      // The model is mended and a new server starts on the same store: it runs what was left.
      writeEndless("1");
      long resumedRun;
      long totalsRun;
      TidemarkServer second =
          server(files.load(), warehouse, store, SECOND, owner -> owner.equals(FIRST));
      try {
        JsonNode queue = getAll(second);
        assertThat(queue.findValuesAsText("id"))
            .contains(String.valueOf(endless), String.valueOf(totals))
            .doesNotContain(String.valueOf(cancelled));
        for (long id : List.of(endless, totals)) {
          await()
              .atMost(Duration.ofSeconds(120))
              .until(
                  () -> get(second, "/api/v1/queue/" + id).path("status").asText(),
                  "ended"::equals);
        }
        JsonNode resumed = get(second, "/api/v1/queue/" + endless);
        assertThat(resumed.path("run_status").asText()).isEqualTo("succeeded");
        resumedRun = resumed.path("run_id").asLong();
        assertThat(resumedRun).isGreaterThan(runningRun);
        JsonNode forced = get(second, "/api/v1/queue/" + totals);
        assertThat(forced.path("run_status").asText()).isEqualTo("succeeded");
        totalsRun = forced.path("run_id").asLong();
      } finally {
        second.stop();
      }

      // Built by the second server's runs: the endless day, and every day of the forced totals
      // again (the first server's interrupted run had built some of them).
      assertThat(store.partitions(List.of(ENDLESS)))
          .singleElement()
          .satisfies(state -> assertThat(state.runId()).isEqualTo(resumedRun));
      List<PartitionState> rebuilt = store.partitions(List.of(TOTALS));
      assertThat(rebuilt).hasSize(3).allSatisfy(s -> assertThat(s.runId()).isEqualTo(totalsRun));
      Map<Long, QueuedRun> after = byId(store.recentQueuedRuns(10));
      assertThat(after.get(endless).status()).isEqualTo(QueuedRun.Status.ENDED);
      assertThat(after.get(endless).owner()).isEqualTo(SECOND);
      assertThat(after.get(totals).status()).isEqualTo(QueuedRun.Status.ENDED);
      assertThat(after.get(cancelled).status()).isEqualTo(QueuedRun.Status.CANCELLED);
    }
  }

  private void writeEndless(String n) throws IOException {
    Files.writeString(
        root.resolve("models/marts/endless.sql"),
        "select event_date, "
            + n
            + " as n\nfrom {{ ref('daily_totals') }}\n"
            + "where event_date = date '{{ partition_start }}'\n",
        StandardCharsets.UTF_8);
  }

  private static TidemarkServer server(
      Project project,
      DuckDbWarehouse warehouse,
      JdbcStateStore store,
      RunOwner owner,
      java.util.function.Predicate<RunOwner> isGone) {
    return new TidemarkServer(
            project,
            warehouse,
            store,
            store.schedules(),
            new TestClock(Instant.parse("2024-01-04T06:00:00Z")),
            new ServerSettings(0, Duration.ofHours(1), Duration.ofSeconds(2), 1),
            new SchedulerOptions(
                "queue-test-" + owner.pid(),
                Duration.ofSeconds(30),
                owner,
                isGone,
                Duration.ofMinutes(1)))
        .start();
  }

  private static Map<Long, QueuedRun> byId(List<QueuedRun> runs) {
    return runs.stream().collect(Collectors.toMap(QueuedRun::id, Function.identity()));
  }

  private long submit(
      TidemarkServer server, String selection, String start, String end, boolean force)
      throws Exception {
    HttpResponse<String> response =
        post(
            server,
            "/api/v1/backfills",
            "{\"selection\": \""
                + selection
                + "\", \"start\": \""
                + start
                + "\", \"end\": \""
                + end
                + "\", \"force\": "
                + force
                + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return JSON.readTree(response.body()).path("job_id").asLong();
  }

  private HttpResponse<String> post(TidemarkServer server, String path, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(TidemarkServer server, String path) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private JsonNode getAll(TidemarkServer server) throws Exception {
    return get(server, "/api/v1/queue");
  }
}
