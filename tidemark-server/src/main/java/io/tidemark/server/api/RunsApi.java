package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.incident.IncidentService;
import io.tidemark.core.incident.Invalidation;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.PlanService;
import io.tidemark.core.project.Project;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.Scheduler;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The writes that start and stop work, over the services the CLI calls: {@code POST
 * /api/v1/backfills} ({@code tidemark run}), {@code POST /api/v1/invalidations} ({@code tidemark
 * invalidate}), cancelling a run or a queued one, and the queue itself.
 */
final class RunsApi {
  private static final Set<String> BACKFILL_FIELDS = Set.of("selection", "start", "end", "force");
  private static final Set<String> INVALIDATION_FIELDS = Set.of("asset", "start", "end", "reason");

  private final Project project;
  private final StateStore store;
  private final Clock clock;
  private final PlanService plans;
  private final QueuedWork work;
  private final IncidentService incidents;
  private final RunQueue queue;
  private final Scheduler scheduler;

  RunsApi(
      Project project,
      StateStore store,
      Clock clock,
      PlanService plans,
      QueuedWork work,
      IncidentService incidents,
      RunQueue queue,
      Scheduler scheduler) {
    this.project = requireNonNull(project, "project is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.plans = requireNonNull(plans, "plans is null");
    this.work = requireNonNull(work, "work is null");
    this.incidents = requireNonNull(incidents, "incidents is null");
    this.queue = requireNonNull(queue, "queue is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
  }

  void register(RoutesConfig routes) {
    routes.post(Api.PREFIX + "/backfills", this::backfill);
    routes.post(Api.PREFIX + "/invalidations", this::invalidate);
    routes.post(Api.PREFIX + "/runs/{id}/cancel", this::cancelRun);
    routes.get(Api.PREFIX + "/queue", this::jobs);
    routes.get(Api.PREFIX + "/queue/{id}", this::job);
    routes.post(Api.PREFIX + "/queue/{id}/cancel", this::cancelJob);
  }

  /**
   * Plans the selection over the range now, as {@code tidemark run} would, so a bad request is
   * refused at once; the job plans again when it starts, from the state it finds then.
   */
  private void backfill(Context ctx) {
    JsonNode body = Requests.object(ctx, BACKFILL_FIELDS);
    String selection = Requests.field(body, "selection", "");
    String start = Requests.field(body, "start", "");
    String end = Requests.field(body, "end", "");
    boolean force = Requests.flag(body, "force");
    LocalDate first = start.isEmpty() ? project.config().start() : Requests.day(start);
    LocalDate last =
        end.isEmpty()
            ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1)
            : Requests.day(end);
    TimeRange range = Requests.days(first, last);
    Plan plan = plans.plan(selection, range, force);
    if (plan.isEmpty()) {
      ctx.json(
          new Submitted(null, 0, "Nothing to run: every partition asked for is up to date.", null));
      return;
    }
    Job.Request request =
        new Job.Request(
            "backfill",
            selection,
            first.toString(),
            last.toString(),
            force,
            null,
            plan.tasks().size(),
            Requests.caller(ctx));
    Job job = queue.submit(request, work.of(request));
    ctx.status(HttpStatus.ACCEPTED)
        .json(
            new Submitted(
                job.id(),
                plan.tasks().size(),
                "Queued: "
                    + plan.tasks().size()
                    + " tasks planned now; planned again when it starts.",
                JobView.of(job)));
  }

  record Submitted(Long jobId, int tasks, String message, JobView job) {}

  private void invalidate(Context ctx) {
    JsonNode body = Requests.object(ctx, INVALIDATION_FIELDS);
    Asset asset = project.resolve(Requests.requiredField(body, "asset"));
    LocalDate first = Requests.day(Requests.requiredField(body, "start"));
    LocalDate last = Requests.day(Requests.requiredField(body, "end"));
    Requests.days(first, last);
    String reason = Requests.field(body, "reason", "");
    if (reason.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "field 'reason' must say what went wrong");
    }
    Invalidation invalidation =
        incidents.invalidate(asset.name(), first, last, reason, Requests.caller(ctx));
    ctx.status(HttpStatus.CREATED)
        .json(
            new InvalidationView(
                invalidation.incident().id(),
                asset.name().toString(),
                invalidation.partitions().keys().stream().map(Object::toString).toList(),
                reason,
                invalidation.incident().reportedBy(),
                invalidation.impact().downstreamPartitionCount()));
  }

  record InvalidationView(
      long incidentId,
      String asset,
      List<String> partitions,
      String reason,
      String reportedBy,
      long downstreamPartitions) {}

  /**
   * Cancels a run the API queued here, or a scheduled run (this server's scheduler stops it at
   * once; another server's scheduler at its next tick, through the fire recorded cancelled). Runs
   * of {@code tidemark run} and the like are their processes' to stop.
   */
  private void cancelRun(Context ctx) {
    long id = Requests.id(ctx, "id", "run");
    Requests.object(ctx, Set.of());
    Run run =
        store
            .findRun(id)
            .orElseThrow(
                () ->
                    new TidemarkException(
                        ErrorCode.NOT_FOUND,
                        "no run " + id + " (see `tidemark runs` for recent runs)"));
    if (run.status().isFinished()) {
      throw new TidemarkException(
          ErrorCode.CONFLICT,
          "run " + id + " already ended (" + Views.lower(run.status()) + "); nothing to cancel");
    }
    Optional<Job> job = queue.jobOfRun(id);
    if (job.isPresent() && !job.get().status().isEnded()) {
      ctx.status(HttpStatus.ACCEPTED).json(JobView.of(queue.cancel(job.get().id())));
      return;
    }
    if (run.trigger() == RunTrigger.SCHEDULE) {
      Optional<Scheduler.CancelledRun> cancelled = scheduler.cancelRun(id, Requests.caller(ctx));
      if (cancelled.isPresent()) {
        ctx.status(HttpStatus.ACCEPTED).json(CancelledFireView.of(cancelled.get(), run));
        return;
      }
    }
    throw new TidemarkException(
        ErrorCode.CONFLICT,
        "run "
            + id
            + " ("
            + Views.lower(run.trigger())
            + ") was started by neither a server's API nor a schedule; stop it where it runs (host "
            + run.owner().host()
            + ", pid "
            + run.owner().pid()
            + ")");
  }

  /** A scheduled run asked to stop: its fire, recorded cancelled, and where the run stops. */
  record CancelledFireView(
      long fireId,
      String schedule,
      Instant fireTime,
      String status,
      long runId,
      String detail,
      String message) {
    static CancelledFireView of(Scheduler.CancelledRun cancelled, Run run) {
      Fire fire = cancelled.fire();
      return new CancelledFireView(
          fire.id(),
          fire.schedule(),
          fire.fireTime(),
          Views.lower(fire.status()),
          run.id(),
          fire.detail(),
          cancelled.here()
              ? "Stopping run " + run.id() + " now; its fire will not be resumed."
              : "Run "
                  + run.id()
                  + " runs on "
                  + run.owner().host()
                  + " (pid "
                  + run.owner().pid()
                  + "); the scheduler there stops it at its next tick. Its fire will not be"
                  + " resumed.");
    }
  }

  private void jobs(Context ctx) {
    ctx.json(queue.jobs().stream().map(JobView::of).toList());
  }

  private void job(Context ctx) {
    long id = Requests.id(ctx, "id", "queued run");
    ctx.json(
        JobView.of(
            queue
                .job(id)
                .orElseThrow(
                    () ->
                        new TidemarkException(
                            ErrorCode.NOT_FOUND,
                            "no queued run " + id + " (GET /api/v1/queue lists them)"))));
  }

  private void cancelJob(Context ctx) {
    long id = Requests.id(ctx, "id", "queued run");
    Requests.object(ctx, Set.of());
    ctx.status(HttpStatus.ACCEPTED).json(JobView.of(queue.cancel(id)));
  }

  /** A job as the API shows it. */
  record JobView(
      long id,
      String kind,
      String status,
      String selection,
      String start,
      String end,
      boolean force,
      Long repairId,
      int tasks,
      Long runId,
      String runStatus,
      Integer succeeded,
      Integer failed,
      Integer skipped,
      String submittedBy,
      Instant submittedAt,
      Instant endedAt,
      String message) {
    static JobView of(Job job) {
      Job.Request request = job.request();
      RunSummary summary = job.summary();
      return new JobView(
          job.id(),
          request.kind(),
          job.status().label(),
          request.selection(),
          request.rangeStart(),
          request.rangeEnd(),
          request.force(),
          request.repairId(),
          job.tasks(),
          job.runId(),
          summary == null ? null : Views.lower(summary.status()),
          summary == null ? null : summary.succeeded(),
          summary == null ? null : summary.failed(),
          summary == null ? null : summary.skipped(),
          request.submittedBy(),
          job.submittedAt(),
          job.endedAt(),
          job.message());
    }
  }
}
