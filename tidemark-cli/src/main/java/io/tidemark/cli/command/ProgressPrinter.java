package io.tidemark.cli.command;

import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Style;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.PlannedTask;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.run.TaskResult;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunStatus;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a run as it goes: a line per finished task (or, in compact mode, per finished asset), then
 * a tally. Failures always get their own line with the error.
 */
public final class ProgressPrinter implements RunListener {
  private final PrintWriter out;
  private final Style style;
  private final boolean perTask;
  private final Map<AssetName, int[]> remaining = new HashMap<>();
  private final Map<AssetName, long[]> assetTotals = new HashMap<>();
  private final boolean terminal;
  private int width;
  private long scanStarted; // nanoTime of the first scan report; 0 before it
  private long scanShown; // nanoTime of the last progress line redrawn on a terminal

  public ProgressPrinter(PrintWriter out, Style style, boolean perTask) {
    this(out, style, perTask, System.console() != null);
  }

  /**
   * @param terminal whether {@code out} is a terminal: there, a scan that takes more than a second
   *     shows its count as it goes; elsewhere it gets one line when done
   */
  ProgressPrinter(PrintWriter out, Style style, boolean perTask, boolean terminal) {
    this.out = out;
    this.style = style;
    this.perTask = perTask;
    this.terminal = terminal;
  }

  @Override
  public synchronized void sourcesScanned(long done, long total) {
    long now = System.nanoTime();
    if (scanStarted == 0) {
      scanStarted = now;
    }
    long elapsed = now - scanStarted;
    boolean slow = elapsed > 1_000_000_000L;
    if (done >= total) {
      if (slow) {
        out.println(
            (terminal ? "\r" : "")
                + "  Scanned "
                + Formats.plural(total, "source partition")
                + " read for the first time in "
                + Formats.millis(elapsed / 1_000_000)
                + "        ");
        out.flush();
      }
      return;
    }
    if (terminal && slow && now - scanShown > 100_000_000L) {
      scanShown = now;
      out.print(
          "\r  Scanning sources: "
              + Formats.count(done)
              + "/"
              + Formats.count(total)
              + " partitions read for the first time");
      out.flush();
    }
  }

  @Override
  public synchronized void runStarted(Run run, Plan plan) {
    int total = plan.tasks().size();
    width = String.valueOf(total).length();
    for (Map.Entry<AssetName, List<PlannedTask>> entry : plan.byAsset().entrySet()) {
      remaining.put(entry.getKey(), new int[] {entry.getValue().size()});
      assetTotals.put(entry.getKey(), new long[5]);
    }
    out.println(
        style.bold("Run " + run.id())
            + ": "
            + Formats.plural(total, "task")
            + " over "
            + Formats.plural(plan.byAsset().size(), "asset")
            + "\n");
    out.flush();
  }

  @Override
  public synchronized void taskFinished(TaskResult result, int done, int totalTasks) {
    String counter = String.format(Locale.ROOT, "%" + width + "d/%d", done, totalTasks);
    String what = result.task().asset() + " " + result.task().partition();
    switch (result.status()) {
      case SUCCEEDED -> {
        long[] totals = assetTotals.get(result.task().asset());
        totals[0]++;
        totals[1] += result.statistics().rows();
        totals[2] += result.statistics().wallMillis();
        if (perTask) {
          out.println(
              "  "
                  + style.dim(counter)
                  + "  "
                  + style.green("OK  ")
                  + "  "
                  + what
                  + style.dim(" · ")
                  + Formats.plural(result.statistics().rows(), "row")
                  + " in "
                  + Formats.millis(result.statistics().wallMillis()));
        }
        for (String warning : result.warnings()) {
          out.println(
              "  "
                  + (perTask ? " ".repeat(counter.length()) + "  " : "")
                  + style.yellow("WARN")
                  + "  "
                  + what
                  + style.dim(" · ")
                  + warning);
        }
        finishAsset(result.task().asset());
      }
      case FAILED -> {
        if (result.willRetry()) {
          out.println(
              "  "
                  + " ".repeat(counter.length())
                  + "  "
                  + style.yellow("RETRY")
                  + " "
                  + what
                  + " (attempt "
                  + result.attempt()
                  + " failed: "
                  + Formats.firstLine(result.message())
                  + ")");
        } else {
          assetTotals.get(result.task().asset())[3]++;
          out.println(
              "  "
                  + style.dim(counter)
                  + "  "
                  + style.red("FAIL")
                  + "  "
                  + what
                  + " after "
                  + Formats.plural(result.attempt(), "attempt")
                  + "\n        "
                  + style.red(result.message().replace("\n", "\n        ")));
          finishAsset(result.task().asset());
        }
      }
      case SKIPPED -> {
        assetTotals.get(result.task().asset())[4]++;
        if (perTask) {
          out.println(
              "  "
                  + style.dim(counter)
                  + "  "
                  + style.yellow("SKIP")
                  + "  "
                  + what
                  + style.dim(" · " + result.message()));
        }
        finishAsset(result.task().asset());
      }
      default ->
          out.println(
              "  "
                  + " ".repeat(counter.length())
                  + "  "
                  + style.yellow("STOP")
                  + "  "
                  + what
                  + " (interrupted)");
    }
    out.flush();
  }

  private void finishAsset(AssetName asset) {
    int[] left = remaining.get(asset);
    if (left == null || --left[0] > 0 || perTask) {
      return;
    }
    long[] totals = assetTotals.get(asset);
    String label = style.green("OK  ");
    String problems = "";
    if (totals[3] > 0) {
      label = style.red("FAIL");
      problems = style.red(", " + Formats.count(totals[3]) + " failed");
    }
    if (totals[4] > 0) {
      label = totals[3] > 0 ? label : style.yellow("SKIP");
      problems += style.yellow(", " + Formats.count(totals[4]) + " skipped");
    }
    out.println(
        "  "
            + label
            + "  "
            + asset
            + style.dim(" · ")
            + Formats.plural(totals[0], "partition")
            + " built"
            + problems
            + ", "
            + Formats.plural(totals[1], "row")
            + " in "
            + Formats.millis(totals[2]));
  }

  @Override
  public synchronized void runFinished(RunSummary summary) {
    out.println();
    String status =
        switch (summary.status()) {
          case SUCCEEDED -> style.green("Completed");
          case FAILED -> style.red("Completed with failures");
          case INTERRUPTED -> style.yellow("Interrupted");
          case RUNNING -> "Running";
        };
    StringBuilder line = new StringBuilder();
    line.append(status)
        .append(" in ")
        .append(Formats.duration(summary.elapsed()))
        .append(": ")
        .append(Formats.count(summary.succeeded()))
        .append(" succeeded");
    if (summary.failed() > 0) {
      line.append(", ").append(style.red(Formats.count(summary.failed()) + " failed"));
    }
    if (summary.skipped() > 0) {
      line.append(", ").append(style.yellow(Formats.count(summary.skipped()) + " skipped"));
    }
    if (summary.notRun() > 0) {
      line.append(", ").append(Formats.count(summary.notRun())).append(" not run");
    }
    if (summary.retries() > 0) {
      line.append(", ")
          .append(Formats.plural(summary.retries(), "retry").replace("retrys", "retries"));
    }
    line.append("; ")
        .append(Formats.plural(summary.rows(), "row"))
        .append(" written (run ")
        .append(summary.runId())
        .append(").");
    out.println(line);
    if (summary.status() == RunStatus.INTERRUPTED) {
      out.println("Run the same command again to complete it; finished partitions are not redone.");
    }
    out.flush();
  }
}
