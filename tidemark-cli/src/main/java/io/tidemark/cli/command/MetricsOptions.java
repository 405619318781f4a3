package io.tidemark.cli.command;

import io.tidemark.core.project.Project;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.server.metrics.MetricsPush;
import io.tidemark.server.metrics.MetricsRunListener;
import io.tidemark.server.metrics.PlatformMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where a run without a server sends its metrics: a Pushgateway, a file for node_exporter's
 * textfile collector, or both. Either one failing is a warning: the run's outcome stands.
 */
final class MetricsOptions {
  /** The Pushgateway job of CLI runs; the project's name is the group's other label. */
  static final String JOB = "tidemark";

  @Option(
      names = "--pushgateway",
      paramLabel = "URL",
      defaultValue = "${env:TIDEMARK_PUSHGATEWAY_URL}",
      description =
          "Push the run's metrics to this Prometheus Pushgateway (default: the"
              + " TIDEMARK_PUSHGATEWAY_URL environment variable).")
  String pushgateway;

  @Option(
      names = "--metrics-file",
      paramLabel = "FILE",
      description =
          "Write the run's metrics to FILE (*.prom) for node_exporter's textfile collector.")
  Path metricsFile;

  private PlatformMetrics metrics;

  boolean wanted() {
    return (pushgateway != null && !pushgateway.isBlank()) || metricsFile != null;
  }

  /** The listener that counts the run, in front of {@code next}; {@code next} when not wanted. */
  RunListener listener(Project project, RunTrigger trigger, RunListener next) {
    if (!wanted()) {
      return next;
    }
    metrics =
        new PlatformMetrics(false).initialise(project.config().pipelines().keySet(), List.of());
    return new MetricsRunListener(metrics, project, trigger, next);
  }

  /** Writes and pushes what the listener counted; warns on {@code err} when either fails. */
  void publish(Project project, PrintWriter err) {
    if (metrics == null) {
      return;
    }
    if (metricsFile != null) {
      try {
        metrics.writeTextFile(metricsFile);
      } catch (IOException e) {
        err.println("warning: cannot write the metrics to " + metricsFile + ": " + e.getMessage());
      }
    }
    if (pushgateway != null && !pushgateway.isBlank()) {
      try {
        new MetricsPush(URI.create(pushgateway.strip()))
            .push(metrics, JOB, project.config().name());
      } catch (IOException | IllegalArgumentException e) {
        err.println("warning: cannot push the metrics: " + e.getMessage());
      }
    }
  }
}
