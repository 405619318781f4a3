package io.tidemark.bench;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.server.ServerSettings;
import io.tidemark.server.TidemarkServer;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The list endpoints of the REST API at scale (issue 10 asks ≤ 100 ms at 10,000 assets × 365 days
 * of state): {@link LargeProject}'s models, with a year of nightly runs' partition states written
 * straight into a SQLite state store (building 3.65 M partitions would take hours and measure the
 * engine, not the API), check results for the last days, and a real server on a loopback port,
 * asked over HTTP. Per endpoint: 5 requests to warm up, then the median, 95th percentile and
 * largest of 30. Baseline in the same run: {@code GET /api/v1/health}, which reads almost nothing:
 * the floor of HTTP and JSON on this machine.
 *
 * <p>Usage: {@code java -cp CP io.tidemark.bench.ListEndpointsBenchmark [models 10000] [days 365]
 * [checked days 30] [directory to keep the state in] [state store URL]}. The state store is the
 * project's SQLite file unless a URL is given, for example {@code
 * jdbc:postgresql://127.0.0.1:5432/bench?user=postgres} (an empty database, or one an earlier run
 * with the same directory filled). A system property {@code endpoints} (comma-separated names, such
 * as {@code costs,checks}) measures only the endpoints whose names start so, and {@code warmup} and
 * {@code timed} change the 5 requests to warm up and 30 timed.
 */
public final class ListEndpointsBenchmark {
  private static final RunOwner OWNER = new RunOwner("bench", 1, Instant.EPOCH);
  private static final int WARM_UP = Integer.getInteger("warmup", 5);
  private static final int TIMED = Integer.getInteger("timed", 30);

  private ListEndpointsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int models = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 365;
    int checkedDays = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    // A fourth argument keeps the project and its state in that directory, and a later run given
    // the same directory measures them again without writing them (to compare two builds).
    Path root =
        args.length > 3
            ? Files.createDirectories(Path.of(args[3]))
            : Files.createTempDirectory("tidemark-list-endpoints");
    String stateUrl = args.length > 4 ? args[4] : "jdbc:sqlite:.tidemark/state.db";
    String attemptsUrl =
        args.length > 4 ? stateUrl : "jdbc:sqlite:" + root.resolve(".tidemark/state.db");
    Path written =
        root.resolve(
            args.length > 4
                ? ".tidemark/bench-state-written-elsewhere"
                : ".tidemark/bench-state-written");
    boolean reuse = Files.exists(written);
    long started = System.nanoTime();
    if (!reuse) {
      LargeProject.write(root, models, 10, 1);
    }
    Project project;
    try (DuckDbWarehouse parser = DuckDbWarehouse.openInMemory()) {
      project = new ProjectLoader(parser::parse).load(root);
    }
    LocalDate last = LargeProject.START.plusDays(days - 1);
    Instant now = last.plusDays(1).atTime(6, 0).toInstant(ZoneOffset.UTC);
    System.out.printf(
        Locale.ROOT,
        "project of %,d models loaded in %.1f s%n",
        models,
        (System.nanoTime() - started) / 1e9);
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(root.resolve("warehouse.duckdb"));
        JdbcStateStore store = StateStores.open(stateUrl, root)) {
      if (reuse) {
        System.out.println("state written by an earlier run: " + root);
      } else {
        long states = writeState(project, store, attemptsUrl, days, checkedDays);
        Files.createDirectories(written.getParent());
        Files.writeString(written, models + " " + days + " " + checkedDays + "\n");
        System.out.printf(
            Locale.ROOT,
            "%,d partition states and attempts and %d days of check results written in %.1f s%n",
            states,
            checkedDays,
            (System.nanoTime() - started) / 1e9);
      }
      TidemarkServer server =
          new TidemarkServer(
                  project,
                  warehouse,
                  store,
                  store.schedules(),
                  Clock.fixed(now, ZoneOffset.UTC),
                  // The clock stands still, so no fire comes due while the endpoints are asked.
                  new ServerSettings(0, Duration.ofHours(1), Duration.ofSeconds(5), 1),
                  new SchedulerOptions(
                      "bench",
                      Duration.ofMinutes(30),
                      OWNER,
                      owner -> false,
                      Duration.ofMinutes(1)))
              .start();
      try {
        measure(server, project);
      } finally {
        server.stop();
      }
    }
  }

  /** Assets written per call of {@code putPartitions}: each call one transaction of the store's. */
  private static final int ASSETS_PER_WRITE = 100;

  /**
   * A year of nightly runs as they would leave the store; returns the partition states written.
   *
   * <p>Runs write a day at a time, all assets; written so, the store's row-count chunks are read
   * and rewritten once per asset and day, and 3.65 M states take a quarter of an hour. Here the
   * same states go through the same {@code putPartitions} asset by asset instead (a hundred assets'
   * years per transaction, each asset's chunks written once), and each partition's attempt, as
   * {@code startAttempt} and {@code finishAttempt} leave it, is inserted in batches of one prepared
   * statement in a single transaction. Attempt logs are not written: no list reads them.
   */
  private static long writeState(
      Project project, JdbcStateStore store, String attemptsUrl, int days, int checkedDays)
      throws Exception {
    List<AssetName> names =
        project.assets().values().stream().filter(a -> a.isModel()).map(a -> a.name()).toList();
    long[] runIds = new long[days];
    for (int d = 0; d < days; d++) {
      LocalDate day = LargeProject.START.plusDays(d);
      runIds[d] =
          store
              .createRun(
                  new NewRun(
                      RunTrigger.SCHEDULE,
                      "",
                      day.toString(),
                      day.toString(),
                      names.size(),
                      ranAt(d),
                      OWNER))
              .id();
    }
    long written = 0;
    for (int from = 0; from < names.size(); from += ASSETS_PER_WRITE) {
      List<PartitionState> states = new ArrayList<>(ASSETS_PER_WRITE * days);
      for (AssetName name : names.subList(from, Math.min(from + ASSETS_PER_WRITE, names.size()))) {
        for (int d = 0; d < days; d++) {
          states.add(
              new PartitionState(
                  name,
                  LargeProject.START.plusDays(d).toString(),
                  PartitionStatus.MATERIALIZED,
                  "data-" + d,
                  "code-1",
                  "",
                  statistics(d),
                  runIds[d],
                  ranAt(d).plusSeconds(30)));
        }
      }
      store.putPartitions(states);
      written += states.size();
    }
    writeAttempts(attemptsUrl, names, runIds);
    for (int d = days - checkedDays; d < days; d++) {
      LocalDate day = LargeProject.START.plusDays(d);
      List<CheckResult> results = new ArrayList<>(names.size());
      for (int i = 0; i < names.size(); i++) {
        // A few warnings and failures a day, as a year of volume checks leaves.
        CheckStatus status =
            (i + d) % 499 == 0
                ? CheckStatus.FAIL
                : (i * 7 + d) % 97 == 0 ? CheckStatus.WARN : CheckStatus.PASS;
        results.add(
            new CheckResult(
                runIds[d],
                names.get(i),
                "volume_anomaly",
                day.toString(),
                status,
                status == CheckStatus.FAIL ? "error" : CheckResult.WARN_SEVERITY,
                String.valueOf(100 + d % 7),
                "90..120",
                List.of(),
                status == CheckStatus.PASS ? "" : "row count outside the expected band",
                ranAt(d).plusSeconds(40)));
      }
      store.recordCheckResults(results);
    }
    for (int d = 0; d < days; d++) {
      store.finishRun(runIds[d], RunStatus.SUCCEEDED, ranAt(d).plusSeconds(60));
    }
    return written;
  }

  private static Instant ranAt(int day) {
    return LargeProject.START.plusDays(day + 1L).atTime(3, 0).toInstant(ZoneOffset.UTC);
  }

  private static TaskStatistics statistics(int day) {
    return new TaskStatistics(100 + day % 7, 4_096, 12, 8, 65_536);
  }

  /** One succeeded attempt per partition, in one transaction. */
  private static void writeAttempts(String url, List<AssetName> names, long[] runIds)
      throws SQLException {
    try (Connection connection = DriverManager.getConnection(url)) {
      if (url.startsWith("jdbc:sqlite:")) {
        try (Statement pragma = connection.createStatement()) {
          pragma.execute("PRAGMA busy_timeout = 30000");
        }
      }
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO task_attempts (run_id, asset, partition_key, attempt, status,"
                  + " started_at, ended_at, message, rows, bytes_written, wall_ms, cpu_ms,"
                  + " memory_bytes, data_version, queued_ms, rows_read, bytes_scanned,"
                  + " engine_cpu_ms, peak_memory_bytes)"
                  + " VALUES (?, ?, ?, 1, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0)")) {
        int batched = 0;
        for (int d = 0; d < runIds.length; d++) {
          TaskStatistics statistics = statistics(d);
          for (AssetName name : names) {
            insert.setLong(1, runIds[d]);
            insert.setString(2, name.toString());
            insert.setString(3, LargeProject.START.plusDays(d).toString());
            insert.setString(4, TaskStatus.SUCCEEDED.name());
            insert.setLong(5, ranAt(d).toEpochMilli());
            insert.setLong(6, ranAt(d).plusSeconds(30).toEpochMilli());
            insert.setLong(7, statistics.rows());
            insert.setLong(8, statistics.bytesWritten());
            insert.setLong(9, statistics.wallMillis());
            insert.setLong(10, statistics.cpuMillis());
            insert.setLong(11, statistics.memoryBytes());
            insert.setString(12, "data-" + d);
            insert.addBatch();
            if (++batched % 10_000 == 0) {
              insert.executeBatch();
            }
          }
        }
        insert.executeBatch();
      }
      connection.commit();
    }
  }

  private static void measure(TidemarkServer server, Project project) throws Exception {
    String some = project.graph().topologicalOrder().get(project.assets().size() / 2).toString();
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("baseline: health", "/api/v1/health");
    endpoints.put("assets, first page", "/api/v1/assets?limit=100");
    endpoints.put("assets, last page", "/api/v1/assets?offset=9900&limit=100");
    endpoints.put("assets, searched", "/api/v1/assets?q=m0999");
    endpoints.put("runs", "/api/v1/runs?limit=100");
    endpoints.put("checks, first page", "/api/v1/checks?limit=100");
    endpoints.put("checks, failures", "/api/v1/checks?status=fail&limit=100");
    endpoints.put("queue", "/api/v1/queue");
    endpoints.put("schedule", "/api/v1/schedule");
    endpoints.put("partitions of one asset (365 days)", "/api/v1/assets/" + some + "/partitions");
    endpoints.put("lineage around one asset", "/api/v1/lineage?asset=" + some);
    endpoints.put("costs", "/api/v1/costs");
    String only = System.getProperty("endpoints", "");
    if (!only.isBlank()) {
      List<String> wanted = List.of(only.split(","));
      endpoints
          .keySet()
          .removeIf(
              name -> !name.startsWith("baseline") && wanted.stream().noneMatch(name::startsWith));
    }
    HttpClient client = HttpClient.newHttpClient();
    System.out.printf(
        Locale.ROOT,
        "%-36s %9s %9s %9s %10s %10s%n",
        "endpoint",
        "median ms",
        "p95 ms",
        "max ms",
        "cpu ms/req",
        "bytes");
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + server.port() + endpoint.getValue()))
              .build();
      double[] millis = new double[TIMED];
      int bytes = 0;
      long cpuAtStart = 0;
      for (int i = 0; i < WARM_UP + TIMED; i++) {
        if (i == WARM_UP) {
          cpuAtStart = os.getProcessCpuTime();
        }
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        if (response.statusCode() != 200) {
          throw new IllegalStateException(
              endpoint.getValue() + " answered " + response.statusCode() + ": " + response.body());
        }
        bytes = response.body().length();
        if (i >= WARM_UP) {
          millis[i - WARM_UP] = took / 1e6;
        }
      }
      // The process's CPU time (server and client, every thread) per timed request: steadier than
      // the wall time on a loaded machine.
      double cpuPerRequest = (os.getProcessCpuTime() - cpuAtStart) / 1e6 / TIMED;
      Arrays.sort(millis);
      System.out.printf(
          Locale.ROOT,
          "%-36s %9.1f %9.1f %9.1f %10.1f %,10d%n",
          endpoint.getKey(),
          millis[TIMED / 2],
          millis[(int) Math.ceil(TIMED * 0.95) - 1],
          millis[TIMED - 1],
          cpuPerRequest,
          bytes);
    }
  }
}
