package io.tidemark.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

/**
 * The floors of the transform figures as whole processes, to be timed from outside against a whole
 * Tidemark process ({@code java -jar tidemark.jar run}), each started cold, alternated pair by
 * pair. A floor measured inside a warm harness JVM pays no JVM start and no class loading, which on
 * a loaded machine is most of the gap it shows; here both sides pay them.
 *
 * <pre>
 * WholeProcessFloors transform-prepare WORKDIR [days] [eventsPerDay]
 *     raw events in WORKDIR/generated.duckdb and the five-model project in WORKDIR/project
 *     (as {@link TransformBenchmark} writes them); prints the range to build
 * WholeProcessFloors transform-set-based WORKDIR [days]
 *     copies generated.duckdb to floor.duckdb and builds the five models over the range with one
 *     statement each, over one connection, then checkpoints
 * WholeProcessFloors transform-one-more-day WORKDIR [days]
 *     on WORKDIR/floor-day.duckdb, a copy of the floor.duckdb the set-based build left (copied
 *     beforehand, as the Tidemark side copies its built project), builds the day after the range a
 *     partition at a time (a DELETE and INSERT per model; the monthly model, as in {@link
 *     TransformBenchmark}, not), then checkpoints
 * WholeProcessFloors chains-prepare DIR [models]
 *     the project of models in chains of ten ({@link OrchestrationBenchmark#generate})
 * WholeProcessFloors chains-floor DIR [models]
 *     the same CREATE OR REPLACE TABLE statements over one connection into DIR/floor.duckdb
 * </pre>
 *
 * A Tidemark run to pair with the first: {@code rm -rf P && cp -r WORKDIR/project P && cp
 * WORKDIR/generated.duckdb P/warehouse.duckdb && java -Xmx2g -jar tidemark.jar run -p P --end END}
 * (the copy is on both sides). With the second: {@code rm -rf P && cp -r DIR P && java -Xmx2g -jar
 * tidemark.jar run -p P}.
 */
public final class WholeProcessFloors {
  private WholeProcessFloors() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: WholeProcessFloors transform-prepare|transform-set-based|chains-prepare"
              + "|chains-floor DIR [days|models] [eventsPerDay]");
      System.exit(2);
    }
    Path dir = Path.of(args[1]).toAbsolutePath();
    switch (args[0]) {
      case "transform-prepare" -> {
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        long eventsPerDay = args.length > 3 ? Long.parseLong(args[3]) : 1_000_000;
        LocalDate first = TransformBenchmark.prepare(dir, days, eventsPerDay);
        System.out.println("build --start " + first + " --end " + first.plusDays(days - 1));
      }
      case "transform-set-based" -> {
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Path copy = dir.resolve("floor.duckdb");
        Files.copy(dir.resolve("generated.duckdb"), copy, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(dir.resolve("floor.duckdb.wal"));
        LocalDate first = TransformBenchmark.firstDayOf(dir);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + copy);
            Statement s = c.createStatement()) {
          TransformBenchmark.setBasedBuild(s, first, days);
          s.execute("CHECKPOINT");
        }
      }
      case "transform-one-more-day" -> {
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        LocalDate first = TransformBenchmark.firstDayOf(dir);
        try (Connection c =
                DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("floor-day.duckdb"));
            Statement s = c.createStatement()) {
          TransformBenchmark.writeDay(s, first.plusDays(days));
          s.execute("CHECKPOINT");
        }
      }
      case "chains-prepare" -> {
        int models = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        Files.createDirectories(dir);
        OrchestrationBenchmark.generate(dir, models);
      }
      case "chains-floor" -> {
        int models = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        List<String> statements = OrchestrationBenchmark.statements(models);
        Path file = dir.resolve("floor.duckdb");
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir.resolve("floor.duckdb.wal"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
            Statement s = c.createStatement()) {
          for (String statement : statements) {
            s.execute(statement);
          }
          s.execute("CHECKPOINT");
        }
      }
      default -> {
        System.err.println("unknown mode " + args[0]);
        System.exit(2);
      }
    }
  }
}
