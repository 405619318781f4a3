package io.tidemark.cli;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectConfig;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The object graph of one CLI invocation, wired by hand in one place: the project, its warehouse
 * and its state store, opened lazily so that commands only open what they use.
 */
public final class Workspace implements AutoCloseable {
  private final Path directory;
  private final String stateUrlOverride;
  private final Clock clock;
  private final PrintWriter err;
  private Project project;
  private ProjectConfig config;
  private Warehouse warehouse;
  private StateStore store;

  public Workspace(Path directory, String stateUrlOverride, Clock clock, PrintWriter err) {
    this.directory = requireNonNull(directory, "directory is null");
    this.stateUrlOverride = stateUrlOverride;
    this.clock = requireNonNull(clock, "clock is null");
    this.err = requireNonNull(err, "err is null");
  }

  public Clock clock() {
    return clock;
  }

  /** Loads and validates the project; the warehouse's own parser checks every model's SQL. */
  public Project project() {
    if (project == null) {
      try (DuckDbWarehouse parser = DuckDbWarehouse.openInMemory()) {
        project = new ProjectLoader(parser::parse).load(directory);
      }
    }
    return project;
  }

  /**
   * The project's {@code tidemark.yml} alone, without its models: enough for the state store and
   * the warehouse, so commands that need no models keep working while a model file is broken.
   */
  public ProjectConfig config() {
    if (config == null) {
      config =
          project != null ? project.config() : ProjectLoader.loadConfig(directory, System::getenv);
    }
    return config;
  }

  private Path root() {
    return directory.toAbsolutePath().normalize();
  }

  public Warehouse warehouse() {
    if (warehouse == null) {
      warehouse = DuckDbWarehouse.open(warehouseFile()).resolvingFilesFrom(root());
    }
    return warehouse;
  }

  /** The project's DuckDB file, absolute; {@link #warehouse()} creates it when it is missing. */
  public Path warehouseFile() {
    return root().resolve(config().warehousePath()).toAbsolutePath().normalize();
  }

  /**
   * The state store. Opening it recognises runs whose process died (kill -9, a crash, a lost
   * machine) and marks them interrupted, so nothing stays "running" forever.
   */
  public StateStore store() {
    if (store == null) {
      String url = stateUrlOverride != null ? stateUrlOverride : config().stateUrl();
      store = StateStores.open(url, root());
      List<Run> interrupted = store.markInterrupted(Workspace::isGone, clock.instant());
      for (Run run : interrupted) {
        err.println(
            "note: run "
                + run.id()
                + " was interrupted (its process "
                + run.owner().pid()
                + " is gone); `tidemark run` with the same selection completes it");
      }
      err.flush();
    }
    return store;
  }

  /** This process, as the owner of the runs it starts. */
  public static RunOwner currentOwner() {
    ProcessHandle self = ProcessHandle.current();
    Instant start = self.info().startInstant().orElse(Instant.EPOCH);
    return new RunOwner(hostName(), self.pid(), start);
  }

  /**
   * A run's owner is gone when it ran on this host and its process no longer exists (or the pid now
   * belongs to a younger process). Owners on other hosts are not judged here.
   */
  public static boolean isGone(RunOwner owner) {
    if (!owner.host().equals(hostName())) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(owner.pid());
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    Optional<Instant> started = process.get().info().startInstant();
    return started.isPresent()
        && !owner.processStart().equals(Instant.EPOCH)
        && started.get().toEpochMilli() != owner.processStart().toEpochMilli();
  }

  /** Who is at the keyboard, for incidents and repairs: user@host. */
  public static String currentUser() {
    return System.getProperty("user.name", "unknown") + "@" + hostName();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
    if (warehouse != null) {
      warehouse.close();
    }
  }
}
