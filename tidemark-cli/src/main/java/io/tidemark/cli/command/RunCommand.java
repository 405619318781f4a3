package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Json;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunService;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.run.TaskResult;
import io.tidemark.core.state.RunTrigger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Build the selected models' partitions in the date range, in dependency order.",
      "Partitions already up to date are left alone (use --force to rebuild them)."
    })
public final class RunCommand extends ProjectCommand {
  /** Exit code of a run stopped by Ctrl-C or a signal, as shells report it. */
  static final int INTERRUPTED_EXIT = 130;

  @Mixin PlanOptions planOptions;

  @Mixin MetricsOptions metricsOptions;

  @Mixin ServerOptions serverOptions;

  @Option(
      names = "--threads",
      paramLabel = "N",
      converter = Arguments.AtLeastOne.class,
      description = "Tasks at once (default: run.threads in tidemark.yml).")
  Integer threads;

  @Option(
      names = "--retries",
      paramLabel = "N",
      converter = Arguments.ZeroOrMore.class,
      description = "Retries per failed task (default: run.retries).")
  Integer retries;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Option(names = "--compact", description = "One line per asset instead of one per partition.")
  boolean compact;

  @Option(
      names = {"-y", "--yes"},
      description =
          "Run without asking when the plan has more tasks than run.confirm_above (default"
              + " 10,000); needed above it when not on a terminal.")
  boolean yes;

  @Override
  protected int run(Workspace workspace) {
    if (serverOptions.remote()) {
      return serverOptions
          .client(out(), style)
          .backfill(
              planOptions.selection,
              planOptions.range.start,
              planOptions.range.end,
              planOptions.force,
              serverOptions.waits());
    }
    Plan plan = planOptions.plan(workspace);
    boolean json = format == OutputFormat.json;
    if (plan.isEmpty()) {
      if (json) {
        out().println(Json.write(Map.of("tasks", 0, "up_to_date", plan.upToDate())));
      } else {
        out().print(PlanPrinter.text(workspace.project(), plan, style));
      }
      return 0;
    }
    if (!json) {
      plan.warnings().forEach(w -> err().println(style.yellow("warning: ") + w));
    }
    if (!Confirmation.confirmed(
        plan.tasks().size(),
        plan.byAsset().size(),
        workspace.project().config().confirmAbove(),
        yes,
        System.console(),
        err())) {
      return 1;
    }
    RunSummary summary;
    try (RunAlertsOption alerts = RunAlertsOption.of(workspace.project(), CLOCK)) {
      RunListener listener =
          alerts.listener(
              workspace.project(),
              RunTrigger.MANUAL,
              metricsOptions.listener(
                  workspace.project(),
                  RunTrigger.MANUAL,
                  json ? RunListener.NONE : new ProgressPrinter(out(), style, !compact)));
      summary = execute(workspace, plan, RunTrigger.MANUAL, listener, threads, retries);
    }
    WarehouseCheckpoint.run(workspace, summary, json ? null : out(), style);
    metricsOptions.publish(workspace.project(), err());
    if (json) {
      out().println(Json.write(json(summary)));
    }
    return exitCode(summary);
  }

  static int exitCode(RunSummary summary) {
    return switch (summary.status()) {
      case SUCCEEDED -> 0;
      case INTERRUPTED -> INTERRUPTED_EXIT;
      default -> 1;
    };
  }

  /** Executes a plan; Ctrl-C or SIGTERM cancels it cleanly. */
  static RunSummary execute(
      Workspace workspace,
      Plan plan,
      RunTrigger trigger,
      RunListener listener,
      Integer threads,
      Integer retries) {
    RunService service = workspace.runService();
    RunOptions options = options(workspace, threads, retries);
    return cancelledBySignals(
        cancellation -> service.run(plan, trigger, options, listener, cancellation));
  }

  /** The project's run settings, with what the command line overrides (null: not given). */
  static RunOptions options(Workspace workspace, Integer threads, Integer retries) {
    RunOptions options = RunOptions.of(workspace.project().config());
    if (threads != null) {
      options = options.withThreads(threads);
    }
    if (retries != null) {
      options = options.withRetries(retries);
    }
    return options;
  }

  /**
   * Runs {@code work} with a cancellation that Ctrl-C or SIGTERM sets off: statements are aborted
   * and the run is recorded as interrupted before the JVM exits, which waits for that up to 20 s.
   */
  static <T> T cancelledBySignals(Function<Cancellation, T> work) {
    Cancellation cancellation = new Cancellation();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              cancellation.cancel();
              try {
                finished.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "tidemark-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return work.apply(cancellation);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting because of a signal; the hook is already running.
      }
    }
  }

  static Map<String, Object> json(RunSummary summary) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run_id", summary.runId());
    json.put("status", summary.status().name().toLowerCase(Locale.ROOT));
    json.put("tasks", summary.tasks());
    json.put("succeeded", summary.succeeded());
    json.put("failed", summary.failed());
    json.put("skipped", summary.skipped());
    json.put("not_run", summary.notRun());
    json.put("retries", summary.retries());
    json.put("rows", summary.rows());
    json.put("elapsed_ms", summary.elapsed().toMillis());
    List<Map<String, Object>> failures =
        summary.failures().stream().map(RunCommand::failure).toList();
    json.put("failures", failures);
    return json;
  }

  private static Map<String, Object> failure(TaskResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("asset", result.task().asset().toString());
    json.put("partition", result.task().partition().toString());
    json.put("status", result.status().name().toLowerCase(Locale.ROOT));
    json.put("message", result.message());
    return json;
  }
}
