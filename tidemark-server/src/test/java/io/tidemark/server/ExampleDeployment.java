package io.tidemark.server;

import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.core.quality.check.CheckService;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunService;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.source.SourceService;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.examples.ExampleProjects;
import io.tidemark.examples.OutageReports;
import io.tidemark.examples.SubscriptionsGenerator;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The subscriptions example after an incident, served by a real server: four weeks of generated
 * data built and checked; then half of three days of {@code raw.user_actions} went missing, the
 * nightly run built on it, and the load was redone, so what read those days is stale and waits for
 * a repair. The clock starts at {@link #NOW} and moves in real time, so durations are real and the
 * days are always the same.
 */
final class ExampleDeployment implements AutoCloseable {
  static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
  static final LocalDate LAST = LocalDate.of(2024, 1, 21);
  static final LocalDate DAMAGED_FIRST = LocalDate.of(2024, 1, 15);
  static final LocalDate DAMAGED_LAST = LocalDate.of(2024, 1, 17);
  static final Instant NOW = Instant.parse("2024-01-22T06:00:00Z");
  private static final long SEED = 20240101L;
  private static final double SCALE = 0.1;

  final Path root;
  final Clock clock;
  final Project project;
  final DuckDbWarehouse warehouse;
  final JdbcStateStore store;
  final TidemarkServer server;

  private ExampleDeployment(Path root) {
    this.root = root;
    this.clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW));
    ExampleProjects.copyWithoutWiki("subscriptions", root);
    setStart(root.resolve("tidemark.yml"));
    try (DuckDbWarehouse parser = DuckDbWarehouse.openInMemory()) {
      this.project = new ProjectLoader(parser::parse).load(root);
    }
    this.warehouse = DuckDbWarehouse.open(root.resolve("warehouse.duckdb"));
    this.store = StateStores.open(project.config().stateUrl(), root);
    this.server =
        new TidemarkServer(
            project,
            warehouse,
            store,
            store.schedules(),
            clock,
            // The scheduler ticks rarely: these tests look at what the API and UI show.
            new ServerSettings(0, Duration.ofHours(1), Duration.ofSeconds(10), 2),
            new SchedulerOptions(
                "ui-test-server",
                Duration.ofSeconds(30),
                RunOwner.current(),
                owner -> false,
                Duration.ofMinutes(1)));
  }

  /** Builds the project through the incident and starts the server on a free loopback port. */
  static ExampleDeployment start(Path root) {
    ExampleDeployment deployment = new ExampleDeployment(root);
    deployment.tellTheIncident();
    deployment.server.start();
    return deployment;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private void tellTheIncident() {
    SubscriptionsGenerator generator = new SubscriptionsGenerator(SEED, SCALE, FIRST);
    TimeRange all = TimeRange.ofDays(FIRST, LAST);
    TimeRange damaged = TimeRange.ofDays(DAMAGED_FIRST, DAMAGED_LAST);
    withConnection(
        connection -> {
          generator.generate(connection, FIRST, LAST);
          OutageReports.writeTable(
              connection,
              new OutageReports(SEED).between(FIRST, LAST),
              "https://wiki.example.com/wiki");
        });
    scanAndRun(all);
    new CheckService(project, warehouse, store, clock).check("", all);
    withConnection(connection -> generator.damage(connection, DAMAGED_FIRST, DAMAGED_LAST, 0.5));
    scanAndRun(all);
    new CheckService(project, warehouse, store, clock).check("raw.user_actions+", damaged);
    withConnection(
        connection -> {
          for (LocalDate day = DAMAGED_FIRST; !day.isAfter(DAMAGED_LAST); day = day.plusDays(1)) {
            generator.regenerate(connection, day);
          }
        });
    new SourceService(project, warehouse, store, clock).scan("", all);
  }

  private void scanAndRun(TimeRange range) {
    new SourceService(project, warehouse, store, clock).scan("", range);
    new RunService(project, warehouse, store, clock)
        .backfill(
            "",
            range,
            false,
            RunOptions.of(project.config()),
            RunListener.NONE,
            new Cancellation());
  }

  private interface ConnectionWork {
    void accept(Connection connection) throws Exception;
  }

  private void withConnection(ConnectionWork work) {
    try (WarehouseSession session = warehouse.openSession()) {
      work.accept(session.jdbcConnection().orElseThrow());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void setStart(Path config) {
    try {
      String text = Files.readString(config, StandardCharsets.UTF_8);
      Files.writeString(
          config,
          text.replaceFirst("(?m)^start:\\s*\\S+", "start: " + FIRST),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
    store.close();
    warehouse.close();
  }
}
