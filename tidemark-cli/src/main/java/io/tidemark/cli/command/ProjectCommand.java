package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Style;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that works on a project: opens the workspace, prints, returns an exit code. */
public abstract class ProjectCommand implements Callable<Integer> {
  @Mixin ProjectOptions projectOptions;

  @Option(names = "--no-color", description = "Plain output even on a terminal.")
  boolean noColor;

  @Spec CommandSpec spec;

  /** The clock of every command; UTC, as partitions are. */
  static final Clock CLOCK = Clock.systemUTC();

  protected Style style;

  @Override
  public final Integer call() {
    style = Style.detect(noColor);
    try (Workspace workspace =
        new Workspace(projectOptions.project, projectOptions.stateUrl, CLOCK, err())
            .withoutCache(projectOptions.noCache)) {
      return run(workspace);
    }
  }

  protected abstract int run(Workspace workspace);

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
