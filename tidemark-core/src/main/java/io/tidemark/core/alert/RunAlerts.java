package io.tidemark.core.alert;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.Task;
import io.tidemark.core.project.Project;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.run.TaskResult;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Hears one run and, when it ends, says what is worth an alert, at most one alert of each kind per
 * run: its failures summarised (with what they block and the repair command), its retries batched,
 * its check findings, a finished repair, and, when the run failed nothing, that an earlier failure
 * of its pipeline is resolved. Called from the run's threads; collects under a lock.
 */
public final class RunAlerts implements RunListener {
  /** Lines a detail list shows at most; the rest are counted. */
  static final int MAX_LINES = 5;

  private final Project project;
  private final RunTrigger trigger;
  private final String pipeline;
  private final String uiUrl;
  private final Clock clock;
  private final Consumer<Alert> out;
  private final List<TaskResult> retried = new ArrayList<>();
  private final List<String> findings = new ArrayList<>();
  private final List<String> anomalies = new ArrayList<>();
  private final Set<String> owners = new LinkedHashSet<>();
  private Run run;

  /**
   * @param pipeline the pipeline (or schedule) the run belongs to; empty to take the first task's
   * @param out receives each alert as the run ends
   */
  public RunAlerts(
      Project project,
      RunTrigger trigger,
      String pipeline,
      String uiUrl,
      Clock clock,
      Consumer<Alert> out) {
    this.project = requireNonNull(project, "project is null");
    this.trigger = requireNonNull(trigger, "trigger is null");
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.uiUrl = requireNonNull(uiUrl, "uiUrl is null").replaceAll("/+$", "");
    this.clock = requireNonNull(clock, "clock is null");
    this.out = requireNonNull(out, "out is null");
  }

  @Override
  public synchronized void runStarted(Run started, Plan plan) {
    this.run = started;
  }

  @Override
  public synchronized void taskFinished(TaskResult result, int done, int total) {
    if (result.willRetry()) {
      retried.add(result);
    }
    for (String warning : result.warnings()) {
      String line = result.task() + " " + warning;
      if (warning.startsWith("volume")) {
        anomalies.add(line);
      } else {
        findings.add(line);
      }
    }
  }

  @Override
  public synchronized void runFinished(RunSummary summary) {
    Instant started = run != null ? run.startedAt() : clock.instant();
    String label = pipeline.isEmpty() ? pipelineOf(summary) : pipeline;
    String runLink = uiUrl.isEmpty() ? "" : uiUrl + "/#/runs/" + summary.runId();
    String where = (label.isEmpty() ? "" : "pipeline " + label + " · ") + "run #" + summary.runId();
    List<TaskResult> failed =
        summary.failures().stream().filter(r -> r.status() == TaskStatus.FAILED).toList();
    List<TaskResult> skipped =
        summary.failures().stream().filter(r -> r.status() == TaskStatus.SKIPPED).toList();
    String failureKey = "failures:" + label;
    if (!failed.isEmpty()) {
      failed.forEach(r -> owners.add(project.asset(r.task().asset()).owner()));
      List<String> details = new ArrayList<>();
      for (TaskResult result : failed) {
        details.add(
            result.task()
                + " failed after "
                + result.attempt()
                + (result.attempt() == 1 ? " attempt: " : " attempts: ")
                + firstLine(result.message()));
      }
      List<String> lines = limited(details);
      if (!skipped.isEmpty()) {
        lines.add(
            skipped.size()
                + " downstream partition"
                + (skipped.size() == 1 ? " is" : "s are")
                + " blocked: "
                + String.join(
                    ", ", skipped.stream().limit(MAX_LINES).map(r -> r.task().toString()).toList())
                + (skipped.size() > MAX_LINES ? ", …" : ""));
      }
      out.accept(
          new Alert(
              failureKey,
              AlertKind.TASK_FAILED,
              false,
              label,
              ownersList(),
              failed.size() + (failed.size() == 1 ? " task failed" : " tasks failed"),
              where,
              started,
              lines,
              repairCommand(failed),
              runLink));
    } else if (summary.status() == RunStatus.SUCCEEDED) {
      out.accept(
          new Alert(
              failureKey,
              AlertKind.TASK_FAILED,
              true,
              label,
              ownersList(),
              "Resolved: run #" + summary.runId() + " built everything",
              where,
              started,
              List.of(summary.succeeded() + " tasks succeeded"),
              "",
              runLink));
    }
    if (!retried.isEmpty()) {
      List<String> details = new ArrayList<>();
      for (TaskResult result : retried) {
        details.add(
            result.task() + " attempt " + result.attempt() + ": " + firstLine(result.message()));
      }
      out.accept(
          new Alert(
              "retries:" + label + ":" + summary.runId(),
              AlertKind.RETRIES,
              false,
              label,
              ownersList(),
              retried.size() + (retried.size() == 1 ? " retry" : " retries") + " in one run",
              where,
              started,
              limited(details),
              "",
              runLink));
    }
    if (!findings.isEmpty()) {
      out.accept(
          new Alert(
              "checks:" + label,
              AlertKind.CHECKS,
              false,
              label,
              ownersList(),
              findings.size() + (findings.size() == 1 ? " check finding" : " check findings"),
              where,
              started,
              limited(findings),
              "tidemark check --select " + assetsOf(findings),
              runLink));
    }
    if (!anomalies.isEmpty()) {
      out.accept(
          new Alert(
              "volume:" + label,
              AlertKind.VOLUME_ANOMALY,
              false,
              label,
              ownersList(),
              "Volume anomaly in "
                  + anomalies.size()
                  + (anomalies.size() == 1 ? " partition" : " partitions"),
              where,
              started,
              limited(anomalies),
              "",
              runLink));
    }
    if (trigger == RunTrigger.REPAIR) {
      out.accept(
          new Alert(
              "repair:" + summary.runId(),
              AlertKind.REPAIR_FINISHED,
              false,
              label,
              ownersList(),
              "Repair " + summary.status().name().toLowerCase(Locale.ROOT),
              where,
              started,
              List.of(
                  summary.succeeded()
                      + " of "
                      + summary.tasks()
                      + " partitions rebuilt"
                      + (summary.failed() > 0 ? ", " + summary.failed() + " failed" : "")),
              "",
              runLink));
    }
  }

  /** The repair of the first failed asset's failed partitions, as one command. */
  private String repairCommand(List<TaskResult> failed) {
    AssetName asset = failed.get(0).task().asset();
    List<Task> tasks =
        failed.stream().map(TaskResult::task).filter(t -> t.asset().equals(asset)).toList();
    if (!project.asset(asset).isPartitioned()) {
      return "tidemark run --select " + asset;
    }
    String first = Collections.min(tasks.stream().map(t -> t.partition().toString()).toList());
    String last = Collections.max(tasks.stream().map(t -> t.partition().toString()).toList());
    return "tidemark run --select " + asset + "+ --start " + first + " --end " + last;
  }

  private String pipelineOf(RunSummary summary) {
    for (TaskResult result : summary.failures()) {
      return project.asset(result.task().asset()).pipeline();
    }
    for (TaskResult result : retried) {
      return project.asset(result.task().asset()).pipeline();
    }
    return "";
  }

  private List<String> ownersList() {
    return owners.stream().filter(o -> !o.isEmpty()).toList();
  }

  private static String assetsOf(List<String> lines) {
    Map<String, Boolean> assets = new LinkedHashMap<>();
    for (String line : lines) {
      assets.put(line.substring(0, line.indexOf(' ')), true);
    }
    return String.join(",", assets.keySet());
  }

  private static List<String> limited(List<String> lines) {
    List<String> shown = new ArrayList<>(lines.stream().limit(MAX_LINES).toList());
    if (lines.size() > MAX_LINES) {
      shown.add("… and " + (lines.size() - MAX_LINES) + " more");
    }
    return shown;
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 297) + "…" : line;
  }
}
