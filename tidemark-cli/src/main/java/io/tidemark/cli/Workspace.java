package io.tidemark.cli;

import static java.util.Objects.requireNonNull;

import io.tidemark.connectors.Connectors;
import io.tidemark.connectors.secret.EncryptedSecrets;
import io.tidemark.connectors.secret.SecretSettings;
import io.tidemark.core.access.ReadAccessService;
import io.tidemark.core.impact.ImpactService;
import io.tidemark.core.incident.IncidentService;
import io.tidemark.core.load.Loads;
import io.tidemark.core.load.SourceLoaders;
import io.tidemark.core.plan.PlanService;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectConfig;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.core.quality.check.CheckService;
import io.tidemark.core.quality.reconcile.ReconcileService;
import io.tidemark.core.repair.RepairService;
import io.tidemark.core.run.RunService;
import io.tidemark.core.secret.SecretReferences;
import io.tidemark.core.source.SourceService;
import io.tidemark.core.state.HistoryService;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.status.StatusService;
import io.tidemark.core.verify.VerifyService;
import io.tidemark.core.warehouse.LazyWarehouse;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseProvider;
import io.tidemark.core.warehouse.WarehouseProviders;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The object graph of one CLI invocation, wired by hand in one place: the project, its warehouse
 * and its state store, opened lazily so that commands only open what they use.
 */
public final class Workspace implements AutoCloseable {
  private final Path directory;
  private final String stateUrlOverride;
  private final Clock clock;
  private final PrintWriter err;
  private final WarehouseProviders warehouses = WarehouseProviders.installed();
  private Project project;
  private ProjectConfig config;
  private LazyWarehouse warehouse;
  private JdbcStateStore store;
  private EncryptedSecrets secrets;
  private boolean noCache;

  public Workspace(Path directory, String stateUrlOverride, Clock clock, PrintWriter err) {
    this.directory = requireNonNull(directory, "directory is null");
    this.stateUrlOverride = stateUrlOverride;
    this.clock = requireNonNull(clock, "clock is null");
    this.err = requireNonNull(err, "err is null");
  }

  /** With {@code noCache}, the project is loaded as if it had no cache, which is left as it is. */
  public Workspace withoutCache(boolean noCache) {
    this.noCache = noCache;
    return this;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Loads and validates the project; the warehouse's own parser checks every model's SQL. What an
   * earlier load rendered and parsed is reused from the project's cache where nothing it read has
   * changed.
   */
  public Project project() {
    if (project == null) {
      ProjectLoader loader = new ProjectLoader(warehouses, System::getenv);
      project = (noCache ? loader : loader.cached()).load(directory);
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
          project != null
              ? project.config()
              : ProjectLoader.loadConfig(directory, System::getenv, warehouses);
    }
    return config;
  }

  private Path root() {
    return directory.toAbsolutePath().normalize();
  }

  /** The engine {@code tidemark.yml} names, found among the installed ones. */
  public WarehouseProvider warehouseProvider() {
    return warehouses.provider(config().warehouse().type());
  }

  /**
   * The project's warehouse, opened by the first session asked of it: a command (or a service) that
   * never touches the warehouse neither creates it nor, for an embedded engine, takes its file's
   * one-process lock.
   */
  public Warehouse warehouse() {
    if (warehouse == null) {
      warehouse =
          new LazyWarehouse(
              () ->
                  warehouseProvider()
                      .open(
                          config().warehouse(),
                          root(),
                          System::getenv,
                          config().readableDirectories(root())),
              warehouseProvider().type(),
              warehouseLocation());
    }
    return warehouse;
  }

  /** What the project's warehouse engine will use and why, one line each, without opening it. */
  public List<String> warehouseResources() {
    return warehouseProvider().resources(config().warehouse(), root());
  }

  /** Where the project's warehouse is, for messages, without opening it. */
  public String warehouseLocation() {
    return warehouseProvider().location(config().warehouse(), root());
  }

  /**
   * Whether the project's warehouse has been made; {@link #warehouse()} makes it when it has not.
   */
  public boolean warehouseExists() {
    return (warehouse != null && warehouse.isOpen())
        || warehouseProvider().exists(config().warehouse(), root(), System::getenv);
  }

  /**
   * The state store. Opening it recognises runs whose process died (kill -9, a crash, a lost
   * machine) and marks them interrupted, so nothing stays "running" forever.
   */
  public StateStore store() {
    if (store == null) {
      String url = stateUrlOverride != null ? stateUrlOverride : config().stateUrl();
      // A password in the URL is revealed here, at the point of use, and nowhere else.
      store =
          StateStores.open(
              SecretReferences.contains(url) ? SecretReferences.expand(url, secrets()) : url,
              root());
      List<Run> interrupted = store.markInterrupted(RunOwner::isGone, clock.instant());
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

  // The use cases, each a service in core over this workspace's project, warehouse, store and
  // clock. Each call makes a new one; they hold no state between calls.

  public PlanService planService() {
    return new PlanService(project(), warehouse(), store(), clock);
  }

  public RunService runService() {
    return new RunService(project(), warehouse(), store(), clock, loads());
  }

  public ImpactService impactService() {
    return new ImpactService(project(), store(), clock);
  }

  public RepairService repairService() {
    return new RepairService(project(), warehouse(), store(), clock, loads());
  }

  public SourceService sourceService() {
    return new SourceService(project(), warehouse(), store(), clock);
  }

  public CheckService checkService() {
    return new CheckService(project(), warehouse(), store(), clock);
  }

  public IncidentService incidentService() {
    return new IncidentService(project(), store(), clock);
  }

  public StatusService statusService() {
    return new StatusService(project(), warehouse(), store(), clock);
  }

  public VerifyService verifyService() {
    return new VerifyService(project(), warehouse(), store(), clock);
  }

  public ReadAccessService readAccessService() {
    return new ReadAccessService(project(), warehouse());
  }

  public ReconcileService reconcileService() {
    return new ReconcileService(warehouse());
  }

  /** The history needs the store alone: it stays readable while a model is broken. */
  public HistoryService historyService() {
    return new HistoryService(store());
  }

  /** The loaders of the project's loaded sources, and the store that keeps their marks. */
  public Loads loads() {
    store();
    return new Loads(loaders(), store);
  }

  /** The loaders of the project's loaded sources, without opening the state store. */
  public SourceLoaders loaders() {
    return Connectors.loaders(secrets(), root(), clock);
  }

  /** The project's encrypted secrets (see the {@code secrets:} block of tidemark.yml). */
  public EncryptedSecrets secrets() {
    if (secrets == null) {
      secrets = new EncryptedSecrets(SecretSettings.read(root(), System::getenv), clock);
    }
    return secrets;
  }

  /** This process, as the owner of the runs it starts. */
  public static RunOwner currentOwner() {
    return RunOwner.current();
  }

  /** Who is at the keyboard, for incidents and repairs: user@host. */
  public static String currentUser() {
    return System.getProperty("user.name", "unknown") + "@" + RunOwner.hostName();
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
