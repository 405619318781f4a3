package io.tidemark.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformMetricsTest {
  /**
   * A histogram whose series first appears with its first observation never shows that observation
   * in a rate: every pipeline's and schedule's series exist at zero from the start.
   */
  @Test
  void pipelinesAndSchedulesStartAtZero() {
    String text =
        new PlatformMetrics(false).initialise(List.of("daily"), List.of("nightly")).text();

    assertThat(text)
        .contains("tidemark_scheduler_lag_seconds_count{schedule=\"nightly\"} 0")
        .contains("tidemark_task_duration_seconds_count{pipeline=\"daily\"} 0")
        .contains("tidemark_task_duration_seconds_count{pipeline=\"none\"} 0")
        .contains("tidemark_tasks_total{pipeline=\"daily\",status=\"failed\"} 0")
        .contains("tidemark_runs_total{status=\"succeeded\",trigger=\"schedule\"} 0");
  }

  @Test
  void aFireCountsItsLagUnderItsSchedule() {
    PlatformMetrics metrics = new PlatformMetrics(false).initialise(List.of(), List.of("nightly"));

    metrics.schedulerLag("nightly", Duration.ofSeconds(3));

    assertThat(metrics.text())
        .contains("tidemark_scheduler_lag_seconds_count{schedule=\"nightly\"} 1")
        .contains("tidemark_scheduler_lag_seconds_sum{schedule=\"nightly\"} 3.0");
  }
}
