package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.tidemark.core.impact.ImpactService;
import io.tidemark.core.incident.IncidentService;
import io.tidemark.core.load.Loads;
import io.tidemark.core.plan.PlanService;
import io.tidemark.core.project.Project;
import io.tidemark.core.quality.VolumeService;
import io.tidemark.core.quality.check.CheckResultService;
import io.tidemark.core.repair.RepairService;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunService;
import io.tidemark.core.schedule.Scheduler;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.status.HealthService;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;

/**
 * The endpoints over the project's health and its incidents: lineage, partitions and volumes of an
 * asset, check results, impact and repair, and the writes that start, cancel and queue runs. Each
 * maps HTTP to one service of the core; wired here, by hand, from what the server holds.
 */
public final class ProjectApis {
  private final LineageApi lineage;
  private final PartitionsApi partitions;
  private final ChecksApi checks;
  private final IncidentApi incidents;
  private final RunsApi runs;
  private final CostsApi costs;
  private final QueuedWork work;

  public ProjectApis(
      Project project,
      Warehouse warehouse,
      StateStore store,
      Clock clock,
      Loads loads,
      RunQueue queue,
      Scheduler scheduler) {
    requireNonNull(project, "project is null");
    HealthService health = new HealthService(project, warehouse, store, clock);
    RepairService repairs = new RepairService(project, warehouse, store, clock, loads);
    this.lineage = new LineageApi(project, health);
    this.partitions =
        new PartitionsApi(project, health, new VolumeService(project, store, clock), clock);
    this.checks = new ChecksApi(new CheckResultService(project, store));
    this.costs = new CostsApi(project, store, clock);
    this.work =
        new QueuedWork(
            new RunService(project, warehouse, store, clock, loads),
            repairs,
            RunOptions.of(project.config()));
    this.incidents =
        new IncidentApi(project, new ImpactService(project, store, clock), repairs, queue, work);
    this.runs =
        new RunsApi(
            project,
            store,
            clock,
            new PlanService(project, warehouse, store, clock, loads.watermarks()),
            work,
            new IncidentService(project, store, clock),
            queue,
            scheduler);
  }

  /** What the queue's jobs do, for those a server takes over from the state store. */
  public QueuedWork work() {
    return work;
  }

  public void register(RoutesConfig routes) {
    lineage.register(routes);
    partitions.register(routes);
    checks.register(routes);
    incidents.register(routes);
    runs.register(routes);
    costs.register(routes);
  }
}
