package io.tidemark.core.repair;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.Estimates;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.impact.ImpactContext;
import io.tidemark.core.impact.Staleness;
import io.tidemark.core.load.Loads;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.WarehouseContents;
import io.tidemark.core.project.Project;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunExecutor;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.source.SourceScan;
import io.tidemark.core.source.SourceScanner;
import io.tidemark.core.state.NewRepair;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RepairTask;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The repair use cases: work out a repair plan (exactly the impact set, less what is excluded),
 * store it, run it, and resume a stored one without redoing finished tasks.
 */
public final class RepairService {
  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;
  private final RunOwner owner;
  private final Loads loads;

  /** A service whose repairs fail the tasks of loaded sources with a clear message. */
  public RepairService(Project project, Warehouse warehouse, StateStore store, Clock clock) {
    this(project, warehouse, store, clock, Loads.NONE);
  }

  /**
   * @param loads the loaders of the project's loaded sources, so that a repair loads their
   *     partitions again like it rebuilds a model's
   */
  public RepairService(
      Project project, Warehouse warehouse, StateStore store, Clock clock, Loads loads) {
    this.loads = requireNonNull(loads, "loads is null");
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.owner = RunOwner.current();
  }

  /**
   * Works out what a repair rebuilds; stores nothing but a repaired source's new fingerprints.
   *
   * @param exclude a selection to leave as it is (its readers are still rebuilt); empty for none
   * @param stopAt a selection to rebuild without what reads it; empty for none
   * @throws TidemarkException {@code INVALID_ARGUMENT} when the asset has no built partition in the
   *     range, or for a bad selection
   */
  public RepairProposal propose(RepairTarget target, String exclude, String stopAt) {
    requireNonNull(target, "target is null");
    requireNonNull(exclude, "exclude is null");
    requireNonNull(stopAt, "stopAt is null");
    ImpactContext context = new ImpactContext(new Lineage(project, clock), store);
    Map<AssetName, PartitionSet> roots;
    List<SourceScan> scans = new ArrayList<>();
    String name;
    String start = "";
    String end = "";
    if (target instanceof RepairTarget.Days days) {
      Asset asset = project.asset(days.asset());
      TimeRange range = TimeRange.ofDays(days.first(), days.last());
      if (asset.isSource()) {
        // Its readers must record its current versions. The impact does not move: every
        // partition of a source counts as built, whatever its version.
        scans.add(
            new SourceScanner(context.lineage(), warehouse, store, clock).scan(asset, range, 0));
      }
      roots = Map.of(asset.name(), context.rootPartitions(asset, range));
      name = asset.name().toString();
      start = days.first().toString();
      end = days.last().toString();
    } else {
      roots = Staleness.find(context.lineage(), context.states()).repairRoots(project);
      name = RepairTarget.STALE;
      if (roots.isEmpty()) {
        RepairPlan none = new RepairPlanner(project.graph()).plan(new Impact(Map.of()), Set.of());
        return new RepairProposal(
            name, start, end, exclude, stopAt, roots, scans, none, Estimates.NONE);
      }
    }
    Impact impact = context.impact(roots, context.select(stopAt));
    RepairPlan plan = new RepairPlanner(project.graph()).plan(impact, context.select(exclude));
    Estimates estimates = plan.isEmpty() ? Estimates.NONE : context.estimates(impact);
    return new RepairProposal(name, start, end, exclude, stopAt, roots, scans, plan, estimates);
  }

  /**
   * Stores a proposed repair's plan with an id, for {@link #run} now or {@link #resume} later.
   *
   * @param allowGaps store it even when excluded partitions that planned tasks read stay unrepaired
   * @param createdBy who asked for it
   * @throws TidemarkException {@code INVALID_ARGUMENT} for a plan with gaps that are not allowed;
   *     nothing is stored then
   */
  public Repair store(RepairProposal proposal, boolean allowGaps, String createdBy) {
    requireNonNull(proposal, "proposal is null");
    requireNonNull(createdBy, "createdBy is null");
    if (proposal.plan().isEmpty()) {
      throw new IllegalArgumentException("a repair that rebuilds nothing is not stored");
    }
    if (proposal.hasGaps() && !allowGaps) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "--exclude leaves partitions that planned tasks read unrepaired (shown above); nothing"
              + " was changed. Pass --allow-gaps to repair anyway.");
    }
    return store.createRepair(
        new NewRepair(
            proposal.target(),
            proposal.start(),
            proposal.end(),
            proposal.exclude(),
            proposal.stopAt(),
            createdBy,
            clock.instant(),
            proposal.plan().taskList()));
  }

  /**
   * A stored repair and what is left of it.
   *
   * @throws TidemarkException {@code NOT_FOUND} for an unknown repair
   */
  public Resumption resume(long repairId) {
    Repair repair =
        store
            .findRepair(repairId)
            .orElseThrow(
                () ->
                    new TidemarkException(
                        ErrorCode.NOT_FOUND,
                        "unknown repair " + repairId + " (see `tidemark repairs` for the list)"));
    List<RepairTask> remaining = new ArrayList<>(store.repairTasks(repairId));
    remaining.removeAll(store.completedRepairTasks(repairId));
    return new Resumption(repair, remaining);
  }

  /**
   * Runs {@code tasks} of a stored repair, each after the tasks of the repair it reads. The run
   * starts only when no running repair overlaps these tasks.
   *
   * @throws TidemarkException {@code CONFLICT} when a running repair overlaps; nothing runs then
   */
  public RunSummary run(
      Repair repair,
      List<RepairTask> tasks,
      RunOptions options,
      RunListener listener,
      Cancellation cancellation) {
    requireNonNull(repair, "repair is null");
    requireNonNull(tasks, "tasks is null");
    Lineage lineage = new Lineage(project, clock);
    Map<AssetName, Map<String, PartitionState>> stored =
        store.partitionsByAsset(RepairPlanner.stateSpans(lineage, tasks));
    WarehouseContents.Present present =
        WarehouseContents.read(warehouse, stored.keySet()).present(project, stored);
    Plan plan =
        RepairPlanner.executable(
            lineage, "repair " + repair.id(), hull(tasks), tasks, present.states());
    RunExecutor executor =
        new RunExecutor(project, warehouse, store, clock, options, listener, loads);
    try (Cancellation.Registration registration = cancellation.register(executor)) {
      Run run =
          store.startRepairRun(
              repair.id(),
              tasks,
              new NewRun(
                  RunTrigger.REPAIR,
                  "repair " + repair.id(),
                  plan.range().start().toLocalDate().toString(),
                  plan.range().end().toLocalDate().minusDays(1).toString(),
                  tasks.size(),
                  clock.instant(),
                  owner));
      return executor.execute(plan, run);
    }
  }

  /** The days the tasks cover, for the run record. */
  private TimeRange hull(List<RepairTask> tasks) {
    PartitionKey first = null;
    PartitionKey last = null;
    for (RepairTask task : tasks) {
      Asset asset = project.asset(task.asset());
      if (!asset.isPartitioned()) {
        continue;
      }
      PartitionKey key = PartitionKey.parse(asset.grain(), task.partition());
      if (first == null || key.start().isBefore(first.start())) {
        first = key;
      }
      if (last == null || key.end().isAfter(last.end())) {
        last = key;
      }
    }
    if (first == null) {
      LocalDate start = project.config().start();
      return TimeRange.ofDays(start, start);
    }
    LocalDateTime endDay = last.end().toLocalDate().atStartOfDay();
    if (endDay.isBefore(last.end())) {
      endDay = endDay.plusDays(1);
    }
    return new TimeRange(first.start().toLocalDate().atStartOfDay(), endDay);
  }
}
