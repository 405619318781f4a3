package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Style;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.project.ProjectConfig;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.examples.ExampleProjects;
import io.tidemark.examples.GenerationReport;
import io.tidemark.examples.OutageReports;
import io.tidemark.examples.SubscriptionsGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/** Creates the example project in a directory and fills its raw tables with generated data. */
final class ExampleSetup {
  static final long SEED = 20240101L;

  /** The wiki address the generated outage reports link to. */
  static final String EXAMPLE_WIKI = "https://wiki.example.com/wiki";

  private ExampleSetup() {}

  /** The example's generator, with its data's origin at the project's first day. */
  static SubscriptionsGenerator generator(double scale, LocalDate first) {
    return new SubscriptionsGenerator(SEED, scale, first);
  }

  /** Copies the example and points its start at the first generated day. */
  static void create(String example, Path directory, LocalDate first) {
    if (!ExampleProjects.names().contains(example)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "unknown example '"
              + example
              + "' (available: "
              + String.join(", ", ExampleProjects.names())
              + ")");
    }
    ExampleProjects.copyWithoutWiki(example, directory);
    Path config = directory.resolve(ProjectConfig.FILE_NAME);
    try {
      String text = Files.readString(config, StandardCharsets.UTF_8);
      text = text.replaceFirst("(?m)^start:\\s*\\S+", "start: " + first);
      Files.writeString(config, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The session's JDBC connection, which the example's generator writes through. */
  static Connection connection(WarehouseSession session) {
    return session
        .jdbcConnection()
        .orElseThrow(
            () ->
                new TidemarkException(
                    ErrorCode.INVALID_ARGUMENT,
                    "the example's data is generated through JDBC, which this warehouse engine"
                        + " does not offer"));
  }

  /** Generates the raw data of days {@code first..last} into the project's warehouse. */
  static GenerationReport generate(
      Workspace workspace,
      LocalDate first,
      LocalDate last,
      double scale,
      PrintWriter out,
      Style style) {
    long started = System.nanoTime();
    out.print(
        "Generating "
            + Formats.plural(ExampleDataOptions.daysBetween(first, last), "day")
            + " of subscription data ("
            + first
            + ".."
            + last
            + ")… ");
    out.flush();
    GenerationReport report;
    try (WarehouseSession session = workspace.warehouse().openSession()) {
      report = generator(scale, first).generate(session, first, last);
      OutageReports.writeTable(session, new OutageReports(SEED).between(first, last), EXAMPLE_WIKI);
    } catch (SQLException e) {
      throw new TidemarkException(
          ErrorCode.WAREHOUSE, "cannot write the example's outage reports: " + e.getMessage(), e);
    }
    out.println(
        style.green("done")
            + style.dim(
                " · "
                    + Formats.plural(report.eventRows() + report.users(), "row")
                    + " in "
                    + Formats.millis((System.nanoTime() - started) / 1_000_000)));
    out.flush();
    return report;
  }
}
