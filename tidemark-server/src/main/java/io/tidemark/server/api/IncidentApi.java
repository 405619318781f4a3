package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.cost.CostEstimate;
import io.tidemark.core.cost.CostParts;
import io.tidemark.core.cost.CostRates;
import io.tidemark.core.impact.Estimates;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.impact.ImpactReport;
import io.tidemark.core.impact.ImpactService;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.CostRatesReader;
import io.tidemark.core.project.Project;
import io.tidemark.core.repair.RepairPlan;
import io.tidemark.core.repair.RepairProposal;
import io.tidemark.core.repair.RepairService;
import io.tidemark.core.repair.RepairTarget;
import io.tidemark.core.repair.Resumption;
import io.tidemark.core.source.SourceScan;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RunOwner;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The incident flow: {@code GET /api/v1/impact} (what bad days of an asset spoiled, across
 * pipelines), {@code POST /api/v1/repairs} (work out and store the repair plan; nothing is
 * rebuilt), {@code GET /api/v1/repairs/{id}} and {@code POST /api/v1/repairs/{id}/start} (run it in
 * the server).
 */
final class IncidentApi {
  private static final Set<String> REPAIR_FIELDS =
      Set.of("asset", "start", "end", "exclude", "stop_at", "allow_gaps");

  private final Project project;
  private final ImpactService impacts;
  private final RepairService repairs;

  /** How long a start waits for the repair's run to be recorded, to answer with it. */
  private static final Duration START_WAIT = Duration.ofSeconds(30);

  private final RunQueue queue;
  private final QueuedWork work;

  IncidentApi(
      Project project,
      ImpactService impacts,
      RepairService repairs,
      RunQueue queue,
      QueuedWork work) {
    this.project = requireNonNull(project, "project is null");
    this.impacts = requireNonNull(impacts, "impacts is null");
    this.repairs = requireNonNull(repairs, "repairs is null");
    this.queue = requireNonNull(queue, "queue is null");
    this.work = requireNonNull(work, "work is null");
  }

  void register(RoutesConfig routes) {
    routes.get(Api.PREFIX + "/impact", this::impact);
    routes.post(Api.PREFIX + "/repairs", this::plan);
    routes.get(Api.PREFIX + "/repairs/{id}", this::repair);
    routes.post(Api.PREFIX + "/repairs/{id}/start", this::start);
  }

  /** {@code ?asset=NAME&start=DAY&end=DAY[&stop_at=SELECTION]}. */
  private void impact(Context ctx) {
    Asset asset = project.resolve(Requests.required(ctx, "asset"));
    TimeRange range = Requests.requiredDays(ctx);
    String stopAt = Requests.text(ctx, "stop_at");
    ImpactReport report = impacts.impact(asset.name(), range, stopAt == null ? "" : stopAt);
    ctx.json(ImpactView.of(project, report));
  }

  /** Works out the repair of an asset's bad days and stores it, as {@code repair --dry-run}. */
  private void plan(Context ctx) {
    JsonNode body = Requests.object(ctx, REPAIR_FIELDS);
    Asset asset = project.resolve(Requests.requiredField(body, "asset"));
    LocalDate first = Requests.day(Requests.requiredField(body, "start"));
    LocalDate last = Requests.day(Requests.requiredField(body, "end"));
    Requests.days(first, last);
    String exclude = Requests.field(body, "exclude", "");
    String stopAt = Requests.field(body, "stop_at", "");
    boolean allowGaps = Requests.flag(body, "allow_gaps");
    RepairProposal proposal =
        repairs.propose(new RepairTarget.Days(asset.name(), first, last), exclude, stopAt);
    RepairPlan plan = proposal.plan();
    CostRates rates = CostRatesReader.read(project.root());
    if (plan.isEmpty()) {
      ctx.json(
          PlanView.of(
              null,
              proposal,
              rates,
              "Nothing to rebuild: no model read the named partitions"
                  + (plan.excluded().isEmpty() ? "." : " outside the excluded assets.")));
      return;
    }
    Repair repair = repairs.store(proposal, allowGaps, "api@" + RunOwner.hostName());
    ctx.status(HttpStatus.CREATED)
        .json(
            PlanView.of(
                repair,
                proposal,
                rates,
                "Nothing was rebuilt. Starting repair "
                    + repair.id()
                    + " runs exactly this plan."));
  }

  private void repair(Context ctx) {
    Resumption resumption = repairs.resume(Requests.id(ctx, "id", "repair"));
    ctx.json(RepairView.of(resumption));
  }

  private void start(Context ctx) {
    long id = Requests.id(ctx, "id", "repair");
    Requests.object(ctx, Set.of());
    Resumption resumption = repairs.resume(id);
    if (resumption.alreadyFinished()) {
      throw new TidemarkException(
          ErrorCode.CONFLICT, "Repair " + id + " already finished; nothing to do.");
    }
    for (Job other : queue.jobs()) {
      if (id == (other.request().repairId() == null ? -1 : other.request().repairId())
          && !other.status().isEnded()) {
        throw new TidemarkException(
            ErrorCode.CONFLICT,
            "Repair "
                + id
                + " is already "
                + other.status().label()
                + " (queued run "
                + other.id()
                + ").");
      }
    }
    Repair repair = resumption.repair();
    Job.Request request =
        new Job.Request(
            "repair",
            "repair " + id,
            repair.rangeStart(),
            repair.rangeEnd(),
            false,
            id,
            resumption.remaining().size(),
            Requests.caller(ctx));
    // Resumed again when its turn comes: what ran meanwhile is not run twice.
    Job job = queue.submit(request, work.of(request));
    queue.awaitStart(job, START_WAIT);
    RunQueue.rethrowFailure(job);
    ctx.status(HttpStatus.ACCEPTED)
        .json(
            new Started(
                id,
                job.runId(),
                job.id(),
                job.status().label(),
                resumption.remaining().size(),
                repair.taskCount()));
  }

  /**
   * @param runId null while the repair waits its turn in the queue
   */
  record Started(long repairId, Long runId, long jobId, String status, int tasks, int taskCount) {}

  static List<String> ranges(PartitionSet partitions) {
    String text = partitions.describe();
    return text.isEmpty() ? List.of() : List.of(text.split(", "));
  }

  static Long estimate(Estimates estimates, AssetName asset, long partitions) {
    long millis = estimates.millis(asset, partitions);
    return millis < 0 ? null : millis;
  }

  /** An impact set as a tree: each asset names its parent on a shortest path from a root. */
  record ImpactView(
      String asset,
      String start,
      String end,
      long totalPartitions,
      long downstreamPartitions,
      int downstreamAssets,
      List<String> pipelines,
      long estimatedMs,
      List<Affected> assets) {
    static ImpactView of(Project project, ImpactReport report) {
      Impact impact = report.impact();
      List<Affected> assets = new ArrayList<>();
      TreeSet<String> pipelines = new TreeSet<>();
      int downstreamAssets = 0;
      long total = 0;
      for (Impact.AffectedAsset affected : impact.assets().values()) {
        Asset asset = project.asset(affected.asset());
        Long millis =
            asset.isModel()
                ? estimate(report.estimates(), asset.name(), affected.partitions().size())
                : null;
        total += millis == null ? 0 : millis;
        if (!affected.downstream().isEmpty()) {
          downstreamAssets++;
          if (!asset.pipeline().isBlank()) {
            pipelines.add(asset.pipeline());
          }
        }
        assets.add(
            new Affected(
                asset.name().toString(),
                Views.lower(asset.kind()),
                affected.isRoot(),
                affected.parent() == null ? null : affected.parent().toString(),
                affected.depth(),
                asset.owner(),
                asset.pipeline(),
                affected.partitions().size(),
                ranges(affected.partitions()),
                affected.via().stream()
                    .map(
                        via ->
                            new Via(
                                via.upstream().toString(),
                                via.mapping().describe(),
                                ranges(via.partitions())))
                    .toList(),
                affected.runsForward(),
                affected.stoppedHere(),
                millis));
      }
      return new ImpactView(
          report.asset().toString(),
          report.range().start().toLocalDate().toString(),
          report.range().end().toLocalDate().minusDays(1).toString(),
          impact.partitionCount(),
          impact.downstreamPartitionCount(),
          downstreamAssets,
          List.copyOf(pipelines),
          total,
          assets);
    }
  }

  record Affected(
      String asset,
      String kind,
      boolean root,
      String parent,
      int depth,
      String owner,
      String pipeline,
      long count,
      List<String> ranges,
      List<Via> via,
      boolean runsForward,
      boolean stoppedHere,
      Long estimatedMs) {}

  record Via(String upstream, String mapping, List<String> ranges) {}

  /** A repair plan as stored, or the news that there is nothing to rebuild. */
  record PlanView(
      Long repairId,
      String target,
      String start,
      String end,
      String status,
      long taskCount,
      long estimatedMs,
      CostView estimatedCost,
      List<PlannedAsset> assets,
      List<PlannedAsset> excluded,
      List<Gap> gaps,
      List<String> notes,
      List<Scan> scans,
      String message) {
    /**
     * @param rates the project's cost rates; without any, the plan has no estimated cost
     */
    static PlanView of(Repair repair, RepairProposal proposal, CostRates rates, String message) {
      RepairPlan plan = proposal.plan();
      Estimates estimates = proposal.estimates();
      CostEstimate cost = rates.isEmpty() ? null : proposal.cost(rates);
      List<PlannedAsset> assets = new ArrayList<>();
      long total = 0;
      for (Map.Entry<AssetName, PartitionSet> entry : plan.tasks().entrySet()) {
        Long millis = estimate(estimates, entry.getKey(), entry.getValue().size());
        total += millis == null ? 0 : millis;
        CostParts parts = cost == null ? null : cost.of(entry.getKey());
        assets.add(
            new PlannedAsset(
                entry.getKey().toString(),
                entry.getValue().size(),
                ranges(entry.getValue()),
                millis,
                parts == null ? null : parts.total()));
      }
      List<PlannedAsset> excluded = new ArrayList<>();
      plan.excluded()
          .forEach(
              (name, keys) ->
                  excluded.add(
                      new PlannedAsset(name.toString(), keys.size(), ranges(keys), null, null)));
      List<Gap> gaps =
          plan.holes().stream()
              .map(
                  hole ->
                      new Gap(
                          hole.excluded().toString(),
                          ranges(hole.partitions()),
                          hole.readers().keySet().stream().map(AssetName::toString).toList()))
              .toList();
      List<Scan> scans = new ArrayList<>();
      for (SourceScan scan : proposal.scans()) {
        scans.add(new Scan(scan.source().toString(), scan.changes().size()));
      }
      return new PlanView(
          repair == null ? null : repair.id(),
          proposal.target(),
          proposal.start(),
          proposal.end(),
          repair == null ? null : Views.lower(repair.status()),
          plan.taskCount(),
          total,
          cost == null ? null : CostView.of(cost),
          assets,
          excluded,
          gaps,
          plan.notes(),
          scans,
          message);
    }
  }

  record PlannedAsset(
      String asset, long count, List<String> ranges, Long estimatedMs, Double estimatedCost) {}

  /**
   * What a plan should cost, from what its models' succeeded attempts used on average.
   *
   * @param unpriced models never built, so not priced
   */
  record CostView(
      String currency,
      double total,
      double cpu,
      double scanned,
      double written,
      List<String> unpriced) {
    static CostView of(CostEstimate cost) {
      return new CostView(
          cost.rates().currency(),
          cost.total().total(),
          cost.total().cpu(),
          cost.total().scanned(),
          cost.total().written(),
          cost.unpriced().stream().map(AssetName::toString).toList());
    }
  }

  record Gap(String excluded, List<String> ranges, List<String> readBy) {}

  record Scan(String source, int changedPartitions) {}

  record RepairView(
      long id,
      String target,
      String start,
      String end,
      String exclude,
      String stopAt,
      String createdBy,
      Instant createdAt,
      String status,
      int taskCount,
      int remaining,
      Long latestRunId) {
    static RepairView of(Resumption resumption) {
      Repair repair = resumption.repair();
      return new RepairView(
          repair.id(),
          repair.target(),
          repair.rangeStart(),
          repair.rangeEnd(),
          repair.exclude(),
          repair.stopAt(),
          repair.createdBy(),
          repair.createdAt(),
          Views.lower(repair.status()),
          repair.taskCount(),
          resumption.remaining().size(),
          repair.latestRunId() == 0 ? null : repair.latestRunId());
    }
  }
}
