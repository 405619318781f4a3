package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.FireStatus;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tidemark server} as real processes on one PostgreSQL state store: one schedules at a time,
 * another takes over when it is killed, and a stop lets running tasks finish and leaves the rest to
 * the next server.
 */
class ServerProcessTest {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final Duration STARTUP = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final String schema =
      "tm_srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String url = SERVER + "&currentSchema=" + schema;

  @AfterEach
  void dropSchema() throws Exception {
    try (Connection connection = DriverManager.getConnection(SERVER);
        Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + schema + " cascade");
    }
  }

  @Test
  void twoServersOnOneStoreScheduleOneAtATimeAndTheOtherTakesOverAfterAKill() throws Exception {
    TestProject project = TestProject.standard(dir).withEvents(2);
    int leaseSeconds = 3;
    String[] args = {"--state-url", url, "--lease-ttl", String.valueOf(leaseSeconds)};

    try (ServerProcess first = ServerProcess.start(project.root, args)) {
      first.awaitLine("this server holds the scheduler lease", STARTUP);
      try (ServerProcess second = ServerProcess.start(project.root, args)) {
        second.awaitLine("not scheduling: ", STARTUP);
        assertThat(first.get("/api/v1/health")).contains("\"holds_lease\":true");
        assertThat(second.get("/api/v1/health"))
            .contains("\"holds_lease\":false")
            .contains(":" + first.pid() + ":");

        long killedAt = System.nanoTime();
        first.kill();
        second.awaitLine(
            "this server holds the scheduler lease", Duration.ofSeconds(leaseSeconds + 10));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);

        // The lease runs out at most 3 s after the kill, and a tick comes every second.
        assertThat(takeover).isLessThan(Duration.ofSeconds(leaseSeconds + 2));
        assertThat(second.get("/api/v1/health")).contains("\"holds_lease\":true");
      }
    }
  }

  @Test
  void aStopLetsRunningTasksFinishAndTheNextServerResumesTheRest() throws Exception {
    TestProject project = TestProject.standard(dir).withEvents(2);
    project.write(
        "models/marts/slow_days.sql",
        """
        select date '{{ partition_start }}' as day,
               (select count(*) from range(30000000) r(x) where (x * 7) % 13 = 1) as n
        """);
    project.write(
        "models/marts/slow.yml",
        """
        models:
          - name: slow_days
            pipeline: daily
            partitioning: {grain: day, column: day}
        """);
    try (JdbcStateStore store = StateStores.open(url, project.root)) {
      // First started two days ago and down since: the nightly fire it missed is due at once.
      store.schedules().firstSeen("daily", Instant.now().minus(Duration.ofDays(2)));

      Run interrupted;
      try (ServerProcess server = ServerProcess.start(project.root, "--state-url", url)) {
        interrupted = store.findRun(startedRun(server)).orElseThrow();
        awaitRunningAttempt(store, interrupted.id());

        assertThat(server.terminate(Duration.ofSeconds(90))).as(server.output()).isTrue();
        assertThat(server.output()).contains("stopping: no new work; 1 run(s) in flight");
      }

      assertThat(store.findRun(interrupted.id()).orElseThrow().status())
          .isEqualTo(RunStatus.INTERRUPTED);
      List<TaskAttempt> attempts = store.attempts(interrupted.id());
      // The tasks running at the stop finished; nothing was aborted.
      assertThat(attempts)
          .extracting(TaskAttempt::status)
          .doesNotContain(TaskStatus.INTERRUPTED, TaskStatus.RUNNING);
      long finished = attempts.stream().filter(a -> a.status() == TaskStatus.SUCCEEDED).count();
      assertThat(finished).isPositive().isLessThan(interrupted.taskCount());
      Fire fire = store.schedules().latestFire("daily").orElseThrow();
      assertThat(fire.status()).isEqualTo(FireStatus.RUNNING);
      assertThat(fire.runId()).isEqualTo(interrupted.id());
      assertThat(store.schedules().lease().holder()).isEmpty();

      try (ServerProcess next = ServerProcess.start(project.root, "--state-url", url)) {
        Run resumed = store.findRun(startedRun(next)).orElseThrow();

        assertThat(resumed.id()).isNotEqualTo(interrupted.id());
        assertThat(resumed.taskCount()).isEqualTo(interrupted.taskCount() - finished);
        assertThat(store.schedules().findFire(fire.id()).orElseThrow().runId())
            .isEqualTo(resumed.id());
      }
    }
  }

  @Test
  void aRunQueuedThroughTheApiStopsOnSigtermAndTheNextServerFinishesItOnce() throws Exception {
    TestProject project = TestProject.standard(dir).withEvents(2);
    project.write(
        "models/marts/slow_days.sql",
        """
        select date '{{ partition_start }}' as day,
               (select count(*) from range(30000000) r(x) where (x * 7) % 13 = 1) as n
        """);
    project.write(
        "models/marts/slow.yml",
        """
        models:
          - name: slow_days
            partitioning: {grain: day, column: day}
        """);
    try (JdbcStateStore store = StateStores.open(url, project.root)) {
      Run interrupted;
      try (ServerProcess server = ServerProcess.start(project.root, "--state-url", url)) {
        HttpResponse<String> queued =
            server.post(
                "/api/v1/backfills",
                "{\"selection\": \"slow_days\", \"start\": \"2024-01-01\","
                    + " \"end\": \"2024-01-06\"}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        interrupted = awaitRun(store, run -> true);
        awaitRunningAttempt(store, interrupted.id());

        assertThat(server.terminate(Duration.ofSeconds(90))).as(server.output()).isTrue();
      }
      assertThat(store.findRun(interrupted.id()).orElseThrow().status())
          .isEqualTo(RunStatus.INTERRUPTED);
      long builtBefore = succeeded(store.attempts(interrupted.id()));
      assertThat(builtBefore).isLessThan(6);

      try (ServerProcess next = ServerProcess.start(project.root, "--state-url", url)) {
        Run resumed =
            awaitRun(
                store, run -> run.id() != interrupted.id() && run.status() == RunStatus.SUCCEEDED);
        assertThat(store.findRun(interrupted.id()).orElseThrow().status())
            .isEqualTo(RunStatus.INTERRUPTED);
        // Each of the six days built once, over the two runs; no third run.
        List<TaskAttempt> all = new ArrayList<>(store.attempts(interrupted.id()));
        all.addAll(store.attempts(resumed.id()));
        assertThat(
                all.stream()
                    .filter(a -> a.status() == TaskStatus.SUCCEEDED)
                    .map(TaskAttempt::partition))
            .doesNotHaveDuplicates()
            .hasSize(6);
        assertThat(resumed.taskCount()).isEqualTo(6 - builtBefore);
        assertThat(store.recentRuns(10)).hasSize(2);
      }
    }
  }

  private static long succeeded(List<TaskAttempt> attempts) {
    return attempts.stream().filter(a -> a.status() == TaskStatus.SUCCEEDED).count();
  }

  /** Follows the store until a run is {@code wanted}; that run. */
  private static Run awaitRun(JdbcStateStore store, java.util.function.Predicate<Run> wanted) {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (true) {
      for (Run run : store.recentRuns(10)) {
        if (wanted.test(run)) {
          return run;
        }
      }
      assertThat(System.nanoTime())
          .as("a run as wanted, among %s", store.recentRuns(10))
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Waits for the server to start a run; its id. */
  private static long startedRun(ServerProcess server) {
    String line = server.awaitLine("started run", STARTUP);
    return Long.parseLong(line.replaceAll(".*started run (\\d+).*", "$1"));
  }

  /** Follows the run in the store until a task of it is running. */
  private static void awaitRunningAttempt(JdbcStateStore store, long runId) {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (store.attempts(runId).stream().noneMatch(a -> a.status() == TaskStatus.RUNNING)) {
      assertThat(System.nanoTime()).as("a task of run %d running", runId).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
