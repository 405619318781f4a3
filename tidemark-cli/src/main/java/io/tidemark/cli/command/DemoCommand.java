package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Style;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.project.Project;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.WarehouseSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Create the subscriptions example, generate its data, run every pipeline, then walk"
          + " through an incident: a partial load, its impact, and the repair.",
      "Re-running replaces the previous demo directory.",
      "With --serve: generate the data, then serve the project instead (see `tidemark server`):",
      "both pipelines fire every minute, the first fire builds every day, and the API shows it."
    })
public final class DemoCommand implements Callable<Integer> {
  static final String MARKER = ".tidemark-demo";

  /** The incident story needs a week after the damaged days for the 7-day window to show. */
  static final int INCIDENT_MIN_DAYS = 14;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where to create the demo (default: ${DEFAULT-VALUE}).")
  Path directory = Path.of("tidemark-demo");

  @Mixin ExampleDataOptions data;

  @Option(names = "--no-color", description = "Plain output even on a terminal.")
  boolean noColor;

  @Option(
      names = "--serve",
      description =
          "Serve the demo instead of running it: the scheduler builds it, the API shows how.")
  boolean serve;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      converter = ServerCommand.Port.class,
      description = "With --serve: the HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port = 8080;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Style style = Style.detect(noColor);
    PrintWriter out = spec.commandLine().getOut();
    LocalDate first = data.firstDay();
    LocalDate yesterday = data.lastDay();
    prepare(directory);
    out.println(
        style.bold("Tidemark demo")
            + ": subscription analytics over "
            + Formats.plural(data.days, "day")
            + " in "
            + directory
            + "\n");
    ExampleSetup.create("subscriptions", directory, first);
    if (serve) {
      fireEveryMinute(directory);
    }
    writeMarker(directory);
    if (serve) {
      return serve(out, style, first, yesterday);
    }
    RunSummary summary;
    try (Workspace workspace =
        new Workspace(directory, null, ProjectCommand.CLOCK, spec.commandLine().getErr())) {
      ExampleSetup.generate(workspace, first, yesterday, data.scale, out, style);
      Project project = workspace.project();
      out.println(
          "Loaded project "
              + style.bold(project.config().name())
              + ": "
              + Formats.plural(project.assets().size(), "asset")
              + " in "
              + Formats.plural(project.config().pipelines().size(), "pipeline")
              + "\n");
      Plan plan = PlanOptions.plan(workspace, "", TimeRange.ofDays(first, yesterday), false);
      summary =
          RunCommand.execute(
              workspace,
              plan,
              RunTrigger.BACKFILL,
              new ProgressPrinter(out, style, false),
              null,
              null);
      out.println();
      printKpis(workspace, out, style);
    }
    boolean storyTold = true;
    if (summary.status() == RunStatus.SUCCEEDED && data.days >= INCIDENT_MIN_DAYS) {
      LocalDate damagedFirst = first.plusDays(data.days / 2);
      storyTold =
          new IncidentStory(
                  directory,
                  out,
                  spec.commandLine().getErr(),
                  style,
                  ExampleSetup.generator(data.scale, first))
              .tell(damagedFirst, damagedFirst.plusDays(2));
    }
    writeMarker(directory);
    printNextSteps(out, style);
    return storyTold ? RunCommand.exitCode(summary) : 1;
  }

  private int serve(PrintWriter out, Style style, LocalDate first, LocalDate yesterday) {
    Workspace workspace =
        new Workspace(directory, null, ProjectCommand.CLOCK, spec.commandLine().getErr());
    try (workspace) {
      ExampleSetup.generate(workspace, first, yesterday, data.scale, out, style);
      out.println();
      out.println(
          style.bold("Serving the demo")
              + ": both pipelines fire every minute; the first fire builds all "
              + Formats.plural(data.days, "day")
              + ".");
      String base = "http://127.0.0.1:" + (port == 0 ? "PORT" : port);
      out.println(
          "Open "
              + base
              + "/ for the web UI (assets, lineage, runs, checks, costs, incidents); the API: "
              + base
              + "/api/v1/schedule (fires, and what they wait for), /api/v1/runs and"
              + " /api/v1/assets.\n");
      return ServerCommand.serve(workspace, out, port, 60, 30);
    }
  }

  /**
   * The demo's copy of the example fires every minute, the reporting pipeline after the daily one,
   * so that a server shows its scheduler at work at once.
   */
  static void fireEveryMinute(Path directory) {
    Path config = directory.resolve("tidemark.yml");
    try {
      String text = Files.readString(config);
      String changed =
          text.replaceFirst(
                  "(?m)^(\\s+)schedule: \"0 3 \\* \\* \\*\"$", "$1schedule: \"* * * * *\"")
              .replaceFirst(
                  "(?m)^(\\s+)schedule: \"30 4 \\* \\* \\*\"$",
                  "$1schedule: \"* * * * *\"\n$1after: [subscriptions_daily]");
      if (changed.equals(text) || !changed.contains("after: [subscriptions_daily]")) {
        throw new TidemarkException(
            ErrorCode.INTERNAL, "the example's schedules are not where the demo expects them");
      }
      Files.writeString(config, changed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void printKpis(Workspace workspace, PrintWriter out, Style style) {
    try (WarehouseSession session = workspace.warehouse().openSession()) {
      QueryResult kpis = session.query("select * from marts.kpi_daily order by 1 desc limit 5", 5);
      out.println(style.bold("Latest KPIs") + style.dim(" (marts.kpi_daily)"));
      TextTable table = new TextTable(kpis.columns());
      kpis.rows()
          .forEach(r -> table.add(r.stream().map(v -> v == null ? "NULL" : v.toString()).toList()));
      out.print(table.render(style));
      out.println();
    } catch (TidemarkException e) {
      out.println(style.yellow("(could not read marts.kpi_daily: " + e.getMessage() + ")"));
    }
  }

  private void printNextSteps(PrintWriter out, Style style) {
    String p = " -p " + directory;
    out.println(style.bold("Try next"));
    out.println(
        "  ./tidemark status" + p + "                   per-asset partitions, rows, last run");
    out.println(
        "  ./tidemark runs"
            + p
            + "                     the run history; `runs show ID` for every task");
    out.println("  ./tidemark plan" + p + " --select +kpi_daily --force   what a rebuild would do");
    out.println("  ./tidemark sql" + p + " \"select * from marts.inconsistent_users limit 10\"");
    out.println(
        "  ./tidemark repairs"
            + p
            + "                  the repair just made; `runs` shows its run");
    out.println(
        "  ./tidemark impact raw.iap_transactions"
            + p
            + " --start DAY --end DAY   what a bad payments load would spoil");
  }

  /**
   * Removes a previous demo; refuses to touch anything else. The marker lists every file the demo
   * made, so a file someone put in the directory since (or a directory that was never a demo's)
   * stops the demo instead of being deleted with it.
   */
  static void prepare(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    if (!Files.exists(directory.resolve(MARKER))) {
      InitCommand.requireEmpty(directory);
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      Set<String> made = Set.copyOf(Files.readAllLines(directory.resolve(MARKER)));
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      List<String> foreign =
          paths.stream()
              .filter(Files::isRegularFile)
              .map(path -> directory.relativize(path).toString())
              .filter(name -> !made.contains(name) && !isDemoRuntimeFile(name))
              .sorted()
              .toList();
      if (!foreign.isEmpty()) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            directory
                + " holds files the demo did not create ("
                + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                + (foreign.size() > 5 ? ", and " + (foreign.size() - 5) + " more" : "")
                + "); move them away or choose another --dir");
      }
      for (Path path : paths) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What running the demo writes besides the files it lists: warehouse and state. */
  private static boolean isDemoRuntimeFile(String name) {
    return name.equals(MARKER)
        || name.startsWith("warehouse.duckdb")
        || name.startsWith(".tidemark/")
        || name.startsWith(".tidemark\\");
  }

  /** Lists every file now in the demo's directory as the demo's own. */
  private static void writeMarker(Path directory) {
    try (Stream<Path> walk = Files.walk(directory)) {
      List<String> files =
          walk.filter(Files::isRegularFile)
              .map(path -> directory.relativize(path).toString())
              .sorted()
              .toList();
      Files.write(directory.resolve(MARKER), files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
