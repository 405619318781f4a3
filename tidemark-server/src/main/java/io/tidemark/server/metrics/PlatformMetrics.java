package io.tidemark.server.metrics;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.run.TaskResult;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The platform's own metrics, in one registry: what runs and tasks did (counted as they happen),
 * what the scheduler and the state store take, the JVM and the process, and whatever state
 * collectors are added (read at each scrape). Names follow Prometheus's conventions: the unit in
 * the name, {@code _total} on counters, and labels from bounded sets only (pipelines, schedules,
 * assets, statuses; never partition keys).
 */
public final class PlatformMetrics {
  /** A task's pipeline label when its asset belongs to none. */
  public static final String NO_PIPELINE = "none";

  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter runs;
  private final Counter tasks;
  private final Counter retries;
  private final Histogram taskDuration;
  private final Histogram taskQueued;
  private final Counter taskCpu;
  private final Counter engineCpu;
  private final Counter rowsWritten;
  private final Counter bytesWritten;
  private final Counter bytesScanned;
  private final Histogram schedulerLag;
  private final Counter tickFailures;
  private final Histogram storeCalls;

  /**
   * @param jvm whether to add the JVM's and the process's metrics (a server does; a file written
   *     for one CLI run carries the run's alone)
   */
  public PlatformMetrics(boolean jvm) {
    runs =
        Counter.builder()
            .name("tidemark_runs_total")
            .help("Runs that ended, by trigger and final status")
            .labelNames("trigger", "status")
            .register(registry);
    tasks =
        Counter.builder()
            .name("tidemark_tasks_total")
            .help("Tasks that ended, by pipeline and final status (a retried attempt is a retry)")
            .labelNames("pipeline", "status")
            .register(registry);
    retries =
        Counter.builder()
            .name("tidemark_task_retries_total")
            .help("Failed attempts that were retried")
            .labelNames("pipeline")
            .register(registry);
    taskDuration =
        Histogram.builder()
            .name("tidemark_task_duration_seconds")
            .help("Wall time of task attempts")
            .labelNames("pipeline")
            .classicOnly()
            .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)
            .register(registry);
    taskQueued =
        Histogram.builder()
            .name("tidemark_task_queued_seconds")
            .help("Time task attempts waited, ready, for a worker")
            .labelNames("pipeline")
            .classicOnly()
            .classicUpperBounds(0.001, 0.01, 0.1, 0.5, 1, 5, 30, 60, 300, 900)
            .register(registry);
    taskCpu =
        Counter.builder()
            .name("tidemark_task_cpu_seconds_total")
            .help("CPU time of the threads that ran task attempts")
            .labelNames("pipeline")
            .register(registry);
    engineCpu =
        Counter.builder()
            .name("tidemark_task_engine_cpu_seconds_total")
            .help("CPU time the warehouse engine reported for task writes, over all its threads")
            .labelNames("pipeline")
            .register(registry);
    rowsWritten =
        Counter.builder()
            .name("tidemark_task_rows_written_total")
            .help("Rows task attempts wrote")
            .labelNames("pipeline")
            .register(registry);
    bytesWritten =
        Counter.builder()
            .name("tidemark_task_written_bytes_total")
            .help("Bytes task attempts wrote, as the warehouse estimates them")
            .labelNames("pipeline")
            .register(registry);
    bytesScanned =
        Counter.builder()
            .name("tidemark_task_scanned_bytes_total")
            .help("Bytes the engine's scans produced for task writes")
            .labelNames("pipeline")
            .register(registry);
    schedulerLag =
        Histogram.builder()
            .name("tidemark_scheduler_lag_seconds")
            .help("From a fire's cron time to its run's start")
            .labelNames("schedule")
            .classicOnly()
            .classicUpperBounds(0.5, 1, 5, 15, 30, 60, 300, 900, 3600, 4 * 3600)
            .register(registry);
    tickFailures =
        Counter.builder()
            .name("tidemark_scheduler_tick_failures_total")
            .help("Scheduler ticks that failed (the state store could not be reached)")
            .register(registry);
    storeCalls =
        Histogram.builder()
            .name("tidemark_state_store_call_duration_seconds")
            .help("Latency of state store calls, by store and operation")
            .labelNames("store", "operation")
            .classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5)
            .register(registry);
    if (jvm) {
      JvmMetrics.builder().register(registry);
    }
  }

  /**
   * Creates every series of these pipelines and schedules at zero, so a query over them has data
   * (and a rate a start) before the first task ends or the first fire starts: Prometheus cannot
   * tell a series not yet written from one that does not exist, and a histogram whose series first
   * appears with its first observation never shows that observation in a {@code rate}.
   */
  public PlatformMetrics initialise(Collection<String> pipelines, Collection<String> schedules) {
    schedules.forEach(schedulerLag::labelValues);
    for (RunTrigger trigger : RunTrigger.values()) {
      for (RunStatus status : RunStatus.values()) {
        if (status != RunStatus.RUNNING) {
          runs.labelValues(lower(trigger.name()), lower(status.name()));
        }
      }
    }
    List<String> labels = new ArrayList<>(pipelines);
    labels.add(NO_PIPELINE);
    for (String pipeline : labels) {
      for (TaskStatus status : TaskStatus.values()) {
        if (status != TaskStatus.RUNNING) {
          tasks.labelValues(pipeline, lower(status.name()));
        }
      }
      retries.labelValues(pipeline);
      taskDuration.labelValues(pipeline);
      taskQueued.labelValues(pipeline);
      taskCpu.labelValues(pipeline);
      engineCpu.labelValues(pipeline);
      rowsWritten.labelValues(pipeline);
      bytesWritten.labelValues(pipeline);
      bytesScanned.labelValues(pipeline);
    }
    return this;
  }

  /** Adds metrics read from elsewhere at each scrape. */
  public PlatformMetrics add(MultiCollector collector) {
    registry.register(requireNonNull(collector, "collector is null"));
    return this;
  }

  public void runFinished(RunTrigger trigger, RunSummary summary) {
    runs.labelValues(lower(trigger.name()), lower(summary.status().name())).inc();
  }

  /** One attempt ended (or a task was skipped), in a task of the pipeline named. */
  public void taskFinished(String pipeline, TaskResult result) {
    String label = pipeline.isEmpty() ? NO_PIPELINE : pipeline;
    if (result.status() != TaskStatus.SKIPPED) {
      var statistics = result.statistics();
      taskDuration.labelValues(label).observe(statistics.wallMillis() / 1000.0);
      taskQueued.labelValues(label).observe(statistics.queuedMillis() / 1000.0);
      taskCpu.labelValues(label).inc(statistics.cpuMillis() / 1000.0);
      engineCpu.labelValues(label).inc(statistics.engine().cpuMillis() / 1000.0);
      rowsWritten.labelValues(label).inc(statistics.rows());
      bytesWritten.labelValues(label).inc(statistics.bytesWritten());
      bytesScanned.labelValues(label).inc(statistics.engine().bytesScanned());
    }
    if (result.willRetry()) {
      retries.labelValues(label).inc();
    } else {
      tasks.labelValues(label, lower(result.status().name())).inc();
    }
  }

  public void schedulerLag(String schedule, Duration lag) {
    schedulerLag.labelValues(schedule).observe(Math.max(0, lag.toMillis()) / 1000.0);
  }

  public void tickFailed() {
    tickFailures.inc();
  }

  public void storeCall(String store, String operation, long nanos) {
    storeCalls.labelValues(store, operation).observe(nanos / 1e9);
  }

  /** The content type of {@link #write}. */
  public String contentType() {
    return TEXT.getContentType();
  }

  /** Every metric in Prometheus's text format. */
  public void write(OutputStream out) throws IOException {
    TEXT.write(out, registry.scrape());
  }

  public String text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Writes the metrics for node_exporter's textfile collector: to a temporary file beside the
   * target, then renamed over it, so the collector never reads half a file.
   */
  public void writeTextFile(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path directory = absolute.getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, ".tidemark-metrics", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        write(out);
      }
      Files.move(
          temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
