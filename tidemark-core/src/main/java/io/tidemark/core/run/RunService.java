package io.tidemark.core.run;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.load.Loads;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.PlanService;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.util.Optional;

/**
 * The run use cases: execute a plan, or plan and build a selection over a range (a backfill). Runs
 * are recorded as owned by this process, so one that dies is recognised as interrupted.
 */
public final class RunService {
  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;
  private final RunOwner owner;
  private final Loads loads;

  /** A service whose runs fail the tasks of loaded sources with a clear message. */
  public RunService(Project project, Warehouse warehouse, StateStore store, Clock clock) {
    this(project, warehouse, store, clock, Loads.NONE);
  }

  /**
   * @param loads the loaders of the project's loaded sources, and where their marks are kept
   */
  public RunService(
      Project project, Warehouse warehouse, StateStore store, Clock clock, Loads loads) {
    this.loads = requireNonNull(loads, "loads is null");
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.owner = RunOwner.current();
  }

  /**
   * Executes {@code plan} as a new run: tasks in dependency order, retries, the downstream of a
   * task that failed for good skipped. Draining {@code cancellation} starts no more tasks,
   * cancelling it also aborts those in flight; a run left unfinished is recorded as interrupted.
   */
  public RunSummary run(
      Plan plan,
      RunTrigger trigger,
      RunOptions options,
      RunListener listener,
      Cancellation cancellation) {
    requireNonNull(plan, "plan is null");
    requireNonNull(trigger, "trigger is null");
    RunExecutor executor =
        new RunExecutor(project, warehouse, store, clock, options, listener, loads);
    try (Cancellation.Registration registration = cancellation.register(executor)) {
      return executor.execute(plan, trigger, owner);
    }
  }

  /**
   * Plans {@code selection} over {@code range} and runs what is not up to date, as a backfill.
   *
   * @param force rebuild partitions that are up to date too
   */
  public Backfill backfill(
      String selection,
      TimeRange range,
      boolean force,
      RunOptions options,
      RunListener listener,
      Cancellation cancellation) {
    Plan plan =
        new PlanService(project, warehouse, store, clock, loads.watermarks())
            .plan(selection, range, force);
    if (plan.isEmpty()) {
      return new Backfill(plan, null);
    }
    return new Backfill(plan, run(plan, RunTrigger.BACKFILL, options, listener, cancellation));
  }

  /** A backfill's plan, and its run unless everything was up to date. */
  public static final class Backfill {
    private final Plan plan;
    private final RunSummary summary;

    private Backfill(Plan plan, RunSummary summary) {
      this.plan = requireNonNull(plan, "plan is null");
      this.summary = summary;
    }

    public Plan plan() {
      return plan;
    }

    /** The run; empty when the plan had no task. */
    public Optional<RunSummary> summary() {
      return Optional.ofNullable(summary);
    }
  }
}
