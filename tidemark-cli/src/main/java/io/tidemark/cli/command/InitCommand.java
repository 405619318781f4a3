package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Style;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create a project in DIR: an empty one, or with --example NAME a complete example",
      "project whose raw tables are filled with generated data."
    })
public final class InitCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "Directory to create (must be empty or absent).")
  Path directory;

  @Option(
      names = "--example",
      paramLabel = "NAME",
      description = "Start from an example project: subscriptions.")
  String example;

  @Mixin ExampleDataOptions data;

  @Option(names = "--no-color", description = "Plain output even on a terminal.")
  boolean noColor;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Style style = Style.detect(noColor);
    requireEmpty(directory);
    LocalDate first = data.firstDay();
    LocalDate yesterday = data.lastDay();
    var out = spec.commandLine().getOut();
    if (example == null) {
      writeEmptyProject(directory, yesterday.withDayOfMonth(1));
      out.println(style.green("✓") + " created an empty project in " + directory);
      out.println(
          "Next: add models under "
              + directory.resolve("models")
              + ", then `tidemark validate -p "
              + directory
              + "`.");
      return 0;
    }
    ExampleSetup.create(example, directory, first);
    try (Workspace workspace =
        new Workspace(directory, null, ProjectCommand.CLOCK, spec.commandLine().getErr())) {
      ExampleSetup.generate(workspace, first, yesterday, data.scale, out, style);
    }
    out.println(style.green("✓") + " created the " + example + " example in " + directory);
    out.println(
        "Next: `tidemark plan -p " + directory + "`, then `tidemark run -p " + directory + "`.");
    return 0;
  }

  static void requireEmpty(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    if (!Files.isDirectory(directory)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, directory + " exists and is not a directory");
    }
    try (Stream<Path> entries = Files.list(directory)) {
      if (entries.findAny().isPresent()) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT, directory + " is not empty; choose a new directory");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeEmptyProject(Path directory, LocalDate start) {
    String name =
        directory
            .toAbsolutePath()
            .normalize()
            .getFileName()
            .toString()
            .replaceAll("[^A-Za-z0-9_]", "_");
    try {
      Files.createDirectories(directory.resolve("models"));
      Files.writeString(
          directory.resolve("tidemark.yml"),
          """
          name: %s
          start: %s                  # first partition of partitioned assets
          warehouse:
            type: duckdb
            path: warehouse.duckdb
          state:
            url: jdbc:sqlite:.tidemark/state.db
          schema: main
          run:
            threads: 4
            retries: 1
            retry_backoff: 1s
          vars: {}
          pipelines:
            daily:
              description: Everything that runs once a day
              schedule: "0 3 * * *"
          """
              .formatted(name, start),
          StandardCharsets.UTF_8);
      Files.writeString(
          directory.resolve("models/sources.yml"),
          """
          # Declare the tables loaded from outside Tidemark here, for example:
          # sources:
          #   - schema: raw
          #     tables:
          #       - name: events
          #         partitioning: {grain: day, column: event_time}
          # and describe models (models/**/*.sql) under models:.
          """,
          StandardCharsets.UTF_8);
      Files.writeString(
          directory.resolve(".gitignore"),
          "warehouse.duckdb*\n.tidemark/\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
