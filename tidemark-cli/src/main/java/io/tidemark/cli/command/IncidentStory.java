package io.tidemark.cli.command;

import io.tidemark.cli.Main;
import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Style;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.warehouse.PartitionFingerprint;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.examples.SubscriptionsGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second half of the demo: a partial load spoils three days of a source, the nightly run builds
 * on it, and Tidemark shows what is affected and repairs exactly that. Each step runs the real
 * command, printed as a user would type it.
 */
final class IncidentStory {
  private static final double DROPPED = 0.5;

  private final Path directory;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Style style;
  private final SubscriptionsGenerator generator;

  IncidentStory(
      Path directory,
      PrintWriter out,
      PrintWriter err,
      Style style,
      SubscriptionsGenerator generator) {
    this.directory = directory;
    this.out = out;
    this.err = err;
    this.style = style;
    this.generator = generator;
  }

  /** Tells the story over {@code first..last}; returns false when a step failed. */
  boolean tell(LocalDate first, LocalDate last) {
    out.println(style.bold("An incident: a partial load") + "\n");
    Map<String, String> before = fingerprints();
    long flaggedBefore = flagged(first, last);
    try (Workspace workspace = workspace();
        WarehouseSession session = workspace.warehouse().openSession()) {
      long dropped = generator.damage(session, first, last, DROPPED);
      out.println(
          "The night's load of raw.user_actions for "
              + first
              + ".."
              + last
              + " lost half its rows ("
              + Formats.plural(dropped, "row")
              + " missing). The loader reports it; Tidemark fingerprints the source and the"
              + " nightly run builds on what is there:\n");
    }
    String range = "--start " + first + " --end " + last;
    if (!step("sources scan")
        || !step("run --compact")
        || !step("check --select raw.user_actions+ " + range)) {
      return false;
    }
    out.println(
        "marts.inconsistent_users now holds "
            + Formats.plural(flagged(first, last), "row")
            + " on those days instead of "
            + Formats.count(flaggedBefore)
            + ": purchases without their app-side completion. An analyst asks what else is"
            + " wrong:\n");
    if (!step("impact raw.user_actions " + range)) {
      return false;
    }
    try (Workspace workspace = workspace();
        WarehouseSession session = workspace.warehouse().openSession()) {
      for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
        generator.regenerate(session, day);
      }
    }
    out.println("The load is redone, so the source holds what it held before. Repair:\n");
    if (!step("sources scan")
        || !step("repair raw.user_actions " + range + " --compact")
        || !step("check --select raw.user_actions+ " + range)) {
      return false;
    }
    Map<String, String> after = fingerprints();
    List<String> differ = new ArrayList<>();
    long rows = 0;
    for (Map.Entry<String, String> entry : before.entrySet()) {
      if (!entry.getValue().equals(after.get(entry.getKey()))) {
        differ.add(entry.getKey());
      }
      rows += Long.parseLong(entry.getValue().substring(5, entry.getValue().indexOf(';')));
    }
    if (differ.isEmpty()) {
      out.println(
          style.green("✓ ")
              + "Every model matches what it held before the incident ("
              + Formats.plural(before.size(), "table")
              + ", "
              + Formats.plural(rows, "row")
              + " compared by fingerprint).\n");
      return true;
    }
    out.println(style.red("✗ ") + "These tables differ from before the incident: " + differ + "\n");
    return false;
  }

  /** Rows of marts.inconsistent_users in {@code first..last}. */
  private long flagged(LocalDate first, LocalDate last) {
    try (Workspace workspace = workspace();
        WarehouseSession session = workspace.warehouse().openSession()) {
      Object count =
          session
              .query(
                  "select count(*) from marts.inconsistent_users where event_date between date '"
                      + first
                      + "' and date '"
                      + last
                      + "'",
                  1)
              .rows()
              .get(0)
              .get(0);
      return ((Number) count).longValue();
    }
  }

  /** Row count and content hash of every model's whole table. */
  private Map<String, String> fingerprints() {
    Map<String, String> fingerprints = new LinkedHashMap<>();
    try (Workspace workspace = workspace();
        WarehouseSession session = workspace.warehouse().openSession()) {
      Project project = workspace.project();
      for (Asset asset : project.assets().values()) {
        if (asset.isModel() && session.exists(asset.name())) {
          LocalDate start = project.config().start();
          List<PartitionFingerprint> whole =
              session.fingerprint(asset.name(), Partitioning.NONE, TimeRange.ofDays(start, start));
          fingerprints.put(asset.name().toString(), whole.get(0).version());
        }
      }
    }
    return fingerprints;
  }

  /**
   * A workspace of its own for each step: the commands the story runs open the warehouse file
   * themselves, and DuckDB lets one process open it once at a time.
   */
  private Workspace workspace() {
    return new Workspace(directory, null, ProjectCommand.CLOCK, err);
  }

  /** Prints the command as typed, then runs it against the demo project. */
  private boolean step(String commandLine) {
    out.println(style.dim("$ ") + style.bold("./tidemark " + commandLine));
    out.flush();
    List<String> args = new ArrayList<>(List.of(commandLine.split(" ")));
    args.addAll(List.of("-p", directory.toString()));
    if (!style.enabled()) {
      args.add("--no-color");
    }
    // Through the real command line, so each step behaves exactly as typed.
    int code = Main.execute(args.toArray(String[]::new), out, err);
    out.println();
    out.flush();
    return code == 0;
  }
}
