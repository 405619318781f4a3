package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connectors.prometheus.PrometheusServer;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Series of a real Prometheus loaded by day and read by a model, through `load` and `run`. */
class PrometheusLoadEndToEndTest {
  @TempDir static Path storage;
  private static PrometheusServer prometheus;

  @TempDir Path dir;

  @BeforeAll
  static void startPrometheus() throws Exception {
    // One gauge per queue, a sample every five minutes for two days: the depth is the hour.
    StringBuilder text = new StringBuilder("# TYPE queue_depth gauge\n");
    LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
    for (String queue : new String[] {"mail", "billing"}) {
      for (int i = 0; i < 2 * 24 * 12; i++) {
        LocalDateTime at = start.plusMinutes(5L * i);
        text.append("queue_depth{queue=\"")
            .append(queue)
            .append("\"} ")
            .append(at.getHour())
            .append(' ')
            .append(PrometheusServer.epochSeconds(at))
            .append('\n');
      }
    }
    prometheus = PrometheusServer.start(storage, text.append("# EOF\n").toString());
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private TestProject project(String url) {
    TestProject project = TestProject.standard(dir);
    project.write(
        "models/sources.yml",
        """
        sources:
          - schema: raw
            tables:
              - name: events
                partitioning: {grain: day, column: event_time}
              - name: queue_depth
                partitioning: {grain: day, column: ts}
                columns:
                  - name: queue
                    checks: [not_null]
                load:
                  from: prometheus
                  url: URL
                  query: max by (queue) (queue_depth)
                  step: 15m
                  labels: [queue]
                  value: depth
        """
            .replace("URL", url));
    project.write(
        "models/marts/queue_peaks.sql",
        """
        select cast(ts as date) as day, queue, max(depth) as peak, count(*) as samples
        from {{ source('raw', 'queue_depth') }}
        where ts >= timestamp '{{ partition_start }}' and ts < timestamp '{{ partition_end }}'
        group by 1, 2
        """);
    project.write(
        "models/marts/queues.yml",
        """
        models:
          - name: queue_peaks
            partitioning: {grain: day, column: day}
        """);
    return project.withEvents(2);
  }

  @Test
  void loadCopiesEachDayAndRunBuildsTheModelOnIt() throws Exception {
    TestProject project = project(prometheus.url());
    Cli.Result load =
        project.cli("load", "--start", "2024-01-01", "--end", "2024-01-02", "--no-color");
    assertThat(load.exitCode()).as(load.all()).isZero();
    // 96 steps of 15 minutes a day, two queues, two days.
    assertThat(JdbcLoadEndToEndTest.count(project, "select count(*) from raw.queue_depth"))
        .isEqualTo(2 * 2 * 96);
    assertThat(
            JdbcLoadEndToEndTest.count(
                project,
                "select cast(depth as bigint) from raw.queue_depth"
                    + " where queue = 'mail' and ts = timestamp '2024-01-02 17:45:00'"))
        .isEqualTo(17);

    Cli.Result run =
        project.cli("run", "-s", "queue_peaks", "--start", "2024-01-01", "--end", "2024-01-02");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(
            JdbcLoadEndToEndTest.count(
                project, "select count(*) from marts.queue_peaks where peak = 23 and samples = 96"))
        .isEqualTo(4);
  }

  @Test
  void anUnreachableServerIsAClearErrorAndEarlierPartitionsStay() throws Exception {
    TestProject project = project(prometheus.url());
    assertThat(project.cli("load", "--start", "2024-01-01", "--end", "2024-01-01").exitCode())
        .isZero();

    String closed = "http://127.0.0.1:" + PrometheusServer.freePort();
    TestProject moved = project(closed);
    Cli.Result load =
        moved.cli("load", "--start", "2024-01-01", "--end", "2024-01-02", "--no-color");
    assertThat(load.exitCode()).isEqualTo(1);
    assertThat(load.all()).contains("source raw.queue_depth (prometheus, " + closed);
    assertThat(load.all()).contains("cannot reach");
    assertThat(JdbcLoadEndToEndTest.count(moved, "select count(*) from raw.queue_depth"))
        .isEqualTo(2 * 96);
  }
}
