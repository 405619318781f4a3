package io.tidemark.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.tidemark.core.alert.AlertSettings;
import io.tidemark.core.alert.ArrivalAlerts;
import io.tidemark.core.alert.RunAlerts;
import io.tidemark.core.load.Loads;
import io.tidemark.core.project.AlertSettingsReader;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.Schedule;
import io.tidemark.core.schedule.ScheduleStore;
import io.tidemark.core.schedule.Scheduler;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.server.alerts.AlertingSchedulerListener;
import io.tidemark.server.alerts.SlackAlerter;
import io.tidemark.server.alerts.SlackClient;
import io.tidemark.server.api.Api;
import io.tidemark.server.api.ProjectApis;
import io.tidemark.server.api.RunQueue;
import io.tidemark.server.auth.AccessControl;
import io.tidemark.server.metrics.MetricsRunListener;
import io.tidemark.server.metrics.MetricsSchedulerListener;
import io.tidemark.server.metrics.PlatformMetrics;
import io.tidemark.server.metrics.ProjectStateCollector;
import io.tidemark.server.metrics.TimedStores;
import io.tidemark.server.ui.WebUi;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: the scheduler, ticking on a timer, and the HTTP API, over one project, its
 * warehouse and its state store. Wired by hand here; the caller opens and closes what it passes in.
 */
public final class TidemarkServer {
  private static final Logger LOG = LoggerFactory.getLogger(TidemarkServer.class);

  /** Runs asked for through the API run one at a time, in order; this many may wait. */
  static final int QUEUE_CAPACITY = 100;

  private final ServerSettings settings;
  private final RunQueue queue;
  private final ProjectApis projectApis;
  private final java.util.function.Predicate<io.tidemark.core.state.RunOwner> isGone;
  private final Scheduler scheduler;
  private final ExecutorService runs;
  private final ScheduledExecutorService ticker;
  private final Javalin http;
  private final PlatformMetrics metrics;
  private final SlackAlerter alerter;
  private final ArrivalAlerts arrivals;
  private final java.time.Duration arrivalLook;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  public TidemarkServer(
      Project project,
      Warehouse warehouse,
      StateStore store,
      ScheduleStore schedules,
      Clock clock,
      ServerSettings settings,
      SchedulerOptions schedulerOptions) {
    this(project, warehouse, store, schedules, clock, settings, schedulerOptions, Loads.NONE);
  }

  /**
   * @param loads the loaders of the project's loaded sources, and where their marks are kept: what
   *     scheduled runs and repairs load with
   */
  public TidemarkServer(
      Project project,
      Warehouse warehouse,
      StateStore store,
      ScheduleStore schedules,
      Clock clock,
      ServerSettings settings,
      SchedulerOptions schedulerOptions,
      Loads loads) {
    this.settings = requireNonNull(settings, "settings is null");
    this.metrics =
        new PlatformMetrics(true)
            .initialise(project.config().pipelines().keySet(), Schedule.of(project).keySet());
    StateStore timedStore = TimedStores.timed(store, metrics);
    AlertSettings alertSettings = AlertSettingsReader.read(project.root());
    this.alerter = new SlackAlerter(alertSettings, System::getenv, clock, new SlackClient());
    ScheduleStore timedSchedules = TimedStores.timed(schedules, metrics);
    this.runs = Executors.newFixedThreadPool(settings.concurrentRuns(), threads("tidemark-run"));
    this.ticker = Executors.newSingleThreadScheduledExecutor(threads("tidemark-scheduler"));
    this.scheduler =
        new Scheduler(
            project,
            warehouse,
            timedStore,
            timedSchedules,
            clock,
            runs,
            schedulerOptions,
            new MetricsSchedulerListener(
                metrics,
                project,
                new AlertingSchedulerListener(
                    alerter, alertSettings, project, clock, new LoggingSchedulerListener())),
            loads);
    this.arrivals =
        new ArrivalAlerts(
            project, warehouse, timedStore, clock, alertSettings.uiUrl(), alerter::send);
    this.arrivalLook = schedulerOptions.recheck();
    metrics.add(
        new ProjectStateCollector(
            project, warehouse, timedStore, timedSchedules, scheduler, clock));
    // Backfills and repairs the API starts are counted and alerted on as scheduled runs are.
    this.queue =
        new RunQueue(
            1,
            QUEUE_CAPACITY,
            clock,
            trigger ->
                new MetricsRunListener(
                    metrics,
                    project,
                    trigger,
                    new RunAlerts(
                        project, trigger, "", alertSettings.uiUrl(), clock, alerter::send)),
            timedStore,
            schedulerOptions.owner());
    this.isGone = schedulerOptions.isGone();
    Api api =
        new Api(
            project,
            timedStore,
            timedSchedules,
            scheduler,
            schedulerOptions.holder(),
            clock,
            queue);
    this.projectApis =
        new ProjectApis(project, warehouse, timedStore, clock, loads, queue, scheduler);
    this.http =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jetty.host = settings.host();
              config.jetty.port = settings.port();
              config.jsonMapper(new JavalinJackson(objectMapper(), false));
              AccessControl access =
                  new AccessControl(settings.tokens(), Set.of(Api.PREFIX + "/openapi.json"));
              config.routes.before(Api.PREFIX + "/*", access::check);
              api.register(config.routes);
              projectApis.register(config.routes);
              config.routes.get(
                  "/metrics",
                  ctx -> {
                    ctx.contentType(metrics.contentType());
                    metrics.write(ctx.outputStream());
                  });
              WebUi.register(config);
            });
  }

  /** The mapper of every JSON answer: snake_case names, instants as ISO-8601 text. */
  static ObjectMapper objectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .setSerializationInclusion(JsonInclude.Include.ALWAYS);
  }

  private static java.util.concurrent.ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return work -> {
      Thread thread = new Thread(work, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Starts answering HTTP and ticking the scheduler. */
  public TidemarkServer start() {
    http.start();
    // What servers now gone left queued or running in the store runs here.
    queue.takeOver(isGone, projectApis.work()::of);
    long tick = settings.tick().toMillis();
    ticker.scheduleWithFixedDelay(scheduler::tick, 0, tick, TimeUnit.MILLISECONDS);
    if (alerter.enabled() && arrivals.watchesAnything()) {
      long look = arrivalLook.toMillis();
      ticker.scheduleWithFixedDelay(this::lookForArrivals, look, look, TimeUnit.MILLISECONDS);
    }
    LOG.info(
        "Tidemark server on http://{}:{} ({} schedules, {})",
        settings.host(),
        port(),
        scheduler.schedules().size(),
        settings.tokens().isEmpty()
            ? "no tokens: open to this machine only"
            : settings.tokens().tokens().size() + " token(s) configured");
    return this;
  }

  /**
   * Alerts for source partitions overdue by their arrival checks, and for their arrival (see {@link
   * ArrivalAlerts}); done by the server holding the scheduler lease only, so two servers do not
   * both say it. Runs on the scheduler's thread once a {@code recheck}; tests call it directly.
   */
  public void lookForArrivals() {
    if (!scheduler.holdsLease()) {
      return;
    }
    try {
      synchronized (arrivals) {
        arrivals.look();
      }
    } catch (RuntimeException e) {
      LOG.warn("looking for late sources failed, trying again: {}", e.getMessage());
    }
  }

  /** The API's routes, as {@code METHOD /path}: what its OpenAPI document describes, one by one. */
  public List<String> apiRoutes() {
    return http.unsafe.internalRouter.allHttpHandlers().stream()
        .map(parsed -> parsed.endpoint)
        .filter(endpoint -> endpoint.method.isHttpMethod())
        .filter(endpoint -> endpoint.path.startsWith(Api.PREFIX + "/"))
        .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
        .sorted()
        .toList();
  }

  /** The port the API answers on. */
  public int port() {
    return http.port();
  }

  /** What {@code /metrics} answers. */
  public PlatformMetrics metrics() {
    return metrics;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** The backfills and repairs asked for through the API, run here one at a time. */
  public RunQueue queue() {
    return queue;
  }

  /**
   * Stops taking work: the scheduler fires no more and its runs start no new tasks; running tasks
   * get the grace period to finish, then are aborted and their runs recorded as interrupted (the
   * next server resumes them). Then the HTTP server stops. Safe to call twice, from any thread.
   *
   * @return whether the runs in flight finished within the grace period
   */
  public boolean stop() {
    if (!stopping.compareAndSet(false, true)) {
      awaitStopped();
      return true;
    }
    try {
      ticker.shutdownNow();
      LOG.info("stopping: no new work; {} run(s) in flight", scheduler.runsInFlight());
      boolean finished = scheduler.stop(settings.grace()) & queue.stop(settings.grace());
      runs.shutdownNow();
      http.stop();
      alerter.close();
      LOG.info(finished ? "stopped" : "stopped; unfinished runs were interrupted");
      return finished;
    } finally {
      stopped.countDown();
    }
  }

  /** Blocks until {@link #stop} has finished. */
  public void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
