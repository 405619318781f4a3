package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.Lease;
import io.tidemark.core.schedule.ScheduleState;
import io.tidemark.core.schedule.ScheduleStore;
import io.tidemark.core.schedule.Scheduler;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.StateStore;
import io.tidemark.server.auth.AccessDenied;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/v1}: each handler reads its parameters, calls the core, and writes
 * the result as JSON; failures are problem documents. Nothing here changes state.
 *
 * <p>{@code GET /api/v1/runs} lists the runs of the state store, after the runs asked for through
 * the API that still wait for their turn.
 */
public final class Api {
  public static final String PREFIX = "/api/v1";
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);

  private final Project project;
  private final StateStore store;
  private final ScheduleStore schedules;
  private final Scheduler scheduler;
  private final String holder;
  private final Clock clock;
  private final RunQueue queue;
  private final byte[] openApi = openApiDocument();

  public Api(
      Project project,
      StateStore store,
      ScheduleStore schedules,
      Scheduler scheduler,
      String holder,
      Clock clock,
      RunQueue queue) {
    this.queue = requireNonNull(queue, "queue is null");
    this.project = requireNonNull(project, "project is null");
    this.store = requireNonNull(store, "store is null");
    this.schedules = requireNonNull(schedules, "schedules is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.holder = requireNonNull(holder, "holder is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public void register(RoutesConfig routes) {
    routes.get(PREFIX + "/health", this::health);
    routes.get(PREFIX + "/assets", this::assets);
    routes.get(PREFIX + "/assets/{name}", this::asset);
    routes.get(PREFIX + "/runs", this::runs);
    routes.get(PREFIX + "/runs/{id}", this::run);
    routes.get(PREFIX + "/schedule", this::schedule);
    routes.get(PREFIX + "/openapi.json", this::openApi);
    routes.exception(TidemarkException.class, (e, ctx) -> problem(ctx, Problem.of(e, ctx.path())));
    routes.exception(
        AccessDenied.class,
        (e, ctx) -> {
          if (e.challenge() != null) {
            ctx.header("WWW-Authenticate", e.challenge());
          }
          problem(ctx, Problem.of(e.status(), e.title(), e.getMessage(), ctx.path()));
        });
    routes.exception(
        HttpResponseException.class,
        (e, ctx) ->
            problem(
                ctx,
                Problem.of(
                    e.getStatus(),
                    e.getStatus() == 404 ? "Not found" : "Bad request",
                    e.getStatus() == 404
                        ? "no such resource: " + ctx.method() + " " + ctx.path()
                        : e.getMessage(),
                    ctx.path())));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          problem(ctx, Problem.of(500, "Internal error", "internal error: " + e, ctx.path()));
        });
  }

  /**
   * The OpenAPI document, written by hand next to this class: its descriptions say what the CLI
   * would, and a test holds it to the routes registered here.
   */
  private void openApi(Context ctx) {
    ctx.contentType("application/json").result(openApi);
  }

  private static byte[] openApiDocument() {
    try (InputStream in = Api.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void problem(Context ctx, Problem problem) {
    ctx.status(problem.status()).json(problem).contentType(Problem.CONTENT_TYPE);
  }

  private Views.SchedulerView schedulerView(Instant now) {
    Lease lease = schedules.lease();
    return Views.SchedulerView.of(holder, lease, now, scheduler.runsInFlight());
  }

  private void health(Context ctx) {
    ctx.json(
        new Views.Health(
            "ok",
            project.config().name(),
            scheduler.schedules().size(),
            schedulerView(clock.instant())));
  }

  private void assets(Context ctx) {
    String query = ctx.queryParam("q");
    String needle = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
    List<Views.AssetSummary> matching =
        project.graph().topologicalOrder().stream()
            .map(project::asset)
            .filter(asset -> needle.isEmpty() || matches(asset, needle))
            .map(Views.AssetSummary::of)
            .toList();
    ctx.json(Page.of(matching, ctx));
  }

  private static boolean matches(Asset asset, String needle) {
    return asset.name().toString().toLowerCase(Locale.ROOT).contains(needle)
        || asset.description().toLowerCase(Locale.ROOT).contains(needle)
        || asset.owner().toLowerCase(Locale.ROOT).contains(needle)
        || asset.tags().stream().anyMatch(tag -> tag.toLowerCase(Locale.ROOT).equals(needle))
        || asset.columns().stream()
            .anyMatch(column -> column.name().toLowerCase(Locale.ROOT).equals(needle));
  }

  private void asset(Context ctx) {
    ctx.json(Views.AssetDetail.of(project, project.resolve(ctx.pathParam("name"))));
  }

  private void runs(Context ctx) {
    int limit = Page.parameter(ctx, "limit", Page.DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
    List<Views.RunView> runs = new ArrayList<>();
    List<Job> waiting = new ArrayList<>(queue.waiting());
    Collections.reverse(waiting);
    waiting.forEach(job -> runs.add(Views.RunView.queued(job)));
    for (Run run : store.recentRuns(limit)) {
      runs.add(Views.RunView.of(run, queue.jobOfRun(run.id()).map(Job::id).orElse(null)));
    }
    ctx.json(runs.subList(0, Math.min(limit, runs.size())));
  }

  private void run(Context ctx) {
    String text = ctx.pathParam("id");
    long id;
    try {
      id = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "run id must be a whole number, got '" + text + "'");
    }
    Run run =
        store
            .findRun(id)
            .orElseThrow(
                () ->
                    new TidemarkException(
                        ErrorCode.NOT_FOUND,
                        "no run " + id + " (see `tidemark runs` for recent runs)"));
    Map<Long, String> logs = store.attemptLogs(id);
    ctx.json(
        new Views.RunDetail(
            Views.RunView.of(run, queue.jobOfRun(id).map(Job::id).orElse(null)),
            store.attempts(id).stream()
                .map(attempt -> Views.Attempt.of(attempt, logs.getOrDefault(attempt.id(), "")))
                .toList()));
  }

  private void schedule(Context ctx) {
    Instant now = clock.instant();
    List<Views.ScheduleView> states =
        ScheduleState.of(scheduler.schedules().values(), schedules, now).stream()
            .map(Views.ScheduleView::of)
            .toList();
    ctx.json(new Views.ScheduleOverview(schedulerView(now), states));
  }
}
