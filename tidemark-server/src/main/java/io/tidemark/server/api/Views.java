package io.tidemark.server.api;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.ColumnDoc;
import io.tidemark.core.project.Pipeline;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.Lease;
import io.tidemark.core.schedule.Schedule;
import io.tidemark.core.schedule.ScheduleState;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatistics;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The JSON shapes of the API: plain records the mapper writes with snake_case names, built from the
 * domain's values. Statuses are lower case, as the CLI prints them.
 */
final class Views {
  private Views() {}

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  record Health(String status, String project, int schedules, SchedulerView scheduler) {}

  record SchedulerView(
      boolean holdsLease, String leaseHolder, Instant leaseExpiresAt, int runsInFlight) {
    static SchedulerView of(String holder, Lease lease, Instant now, int runsInFlight) {
      return new SchedulerView(
          lease.isHeldBy(holder, now),
          lease.holder(),
          lease.holder().isEmpty() ? null : lease.expiresAt(),
          runsInFlight);
    }
  }

  record AssetSummary(
      String name,
      String kind,
      String description,
      String owner,
      List<String> tags,
      String pipeline,
      String grain) {
    static AssetSummary of(Asset asset) {
      return new AssetSummary(
          asset.name().toString(),
          lower(asset.kind()),
          asset.description(),
          asset.owner(),
          asset.tags(),
          asset.pipeline(),
          asset.grain().label());
    }
  }

  record Column(String name, String description) {
    static Column of(ColumnDoc column) {
      return new Column(column.name(), column.description());
    }
  }

  record Upstream(String asset, String mapping) {}

  record AssetDetail(
      String name,
      String kind,
      String description,
      String owner,
      List<String> tags,
      String pipeline,
      String schedule,
      String materialization,
      String grain,
      String partitionColumn,
      String start,
      List<Column> columns,
      List<Upstream> upstream,
      List<String> downstream) {
    static AssetDetail of(Project project, Asset asset) {
      return new AssetDetail(
          asset.name().toString(),
          lower(asset.kind()),
          asset.description(),
          asset.owner(),
          asset.tags(),
          asset.pipeline(),
          asset.schedule(),
          asset.materialization().label(),
          asset.grain().label(),
          asset.partitioning().column(),
          asset.start().toString(),
          asset.columns().stream().map(Column::of).toList(),
          asset.dependencies().stream()
              .map(d -> new Upstream(d.upstream().toString(), d.mapping().describe()))
              .toList(),
          project.graph().downstreamOf(asset.name()).stream().map(AssetName::toString).toList());
    }
  }

  /**
   * A run; or, with a null id and status {@code queued}, a run asked for through the API that waits
   * for its turn ({@code job_id} names it in {@code /api/v1/queue}).
   */
  record RunView(
      Long id,
      Long jobId,
      String trigger,
      String status,
      String selection,
      String rangeStart,
      String rangeEnd,
      int tasks,
      Instant startedAt,
      Instant endedAt,
      String host,
      long pid) {
    static RunView of(Run run) {
      return of(run, null);
    }

    static RunView of(Run run, Long jobId) {
      return new RunView(
          run.id(),
          jobId,
          lower(run.trigger()),
          lower(run.status()),
          run.selection(),
          run.rangeStart(),
          run.rangeEnd(),
          run.taskCount(),
          run.startedAt(),
          run.endedAt(),
          run.owner().host(),
          run.owner().pid());
    }

    static RunView queued(Job job) {
      Job.Request request = job.request();
      RunOwner here = RunOwner.current();
      return new RunView(
          null,
          job.id(),
          request.kind(),
          "queued",
          request.selection(),
          request.rangeStart(),
          request.rangeEnd(),
          job.tasks(),
          null,
          null,
          here.host(),
          here.pid());
    }
  }

  record Attempt(
      long id,
      String asset,
      String partition,
      int attempt,
      String status,
      Instant startedAt,
      Instant endedAt,
      String message,
      long rows,
      long wallMs,
      Resources resources,
      String log) {
    static Attempt of(TaskAttempt attempt, String log) {
      return new Attempt(
          attempt.id(),
          attempt.asset().toString(),
          attempt.partition(),
          attempt.attempt(),
          lower(attempt.status()),
          attempt.startedAt(),
          attempt.endedAt(),
          attempt.message(),
          attempt.statistics().rows(),
          attempt.statistics().wallMillis(),
          Resources.of(attempt.statistics()),
          log);
    }
  }

  /** What an attempt used: the JVM's figures, then the engine's (0 where it reports none). */
  record Resources(
      long rowsWritten,
      long bytesWritten,
      long queuedMs,
      long wallMs,
      long cpuMs,
      long heapAllocatedBytes,
      long rowsRead,
      long bytesScanned,
      long engineCpuMs,
      long peakMemoryBytes) {
    static Resources of(TaskStatistics statistics) {
      return new Resources(
          statistics.rows(),
          statistics.bytesWritten(),
          statistics.queuedMillis(),
          statistics.wallMillis(),
          statistics.cpuMillis(),
          statistics.memoryBytes(),
          statistics.engine().rowsRead(),
          statistics.engine().bytesScanned(),
          statistics.engine().cpuMillis(),
          statistics.engine().peakMemoryBytes());
    }
  }

  record RunDetail(RunView run, List<Attempt> attempts) {}

  record FireView(
      long id, Instant fireTime, String status, Long runId, String detail, Instant updatedAt) {
    static FireView of(Fire fire) {
      return new FireView(
          fire.id(),
          fire.fireTime(),
          lower(fire.status()),
          fire.runId() == 0 ? null : fire.runId(),
          fire.detail(),
          fire.updatedAt());
    }
  }

  record ScheduleView(
      String name,
      String cron,
      String timezone,
      String delay,
      String catchup,
      List<String> after,
      String waitTimeout,
      List<String> assets,
      Instant nextFire,
      FireView lastFire,
      List<FireView> open,
      List<String> waitingFor) {
    static ScheduleView of(ScheduleState state) {
      Schedule schedule = state.schedule();
      Pipeline settings = schedule.settings();
      return new ScheduleView(
          schedule.name(),
          schedule.cron().expression(),
          settings.timezone().getId(),
          settings.delay().toString(),
          settings.catchup().isZero() ? "none" : settings.catchup().toString(),
          schedule.after(),
          settings.waitTimeout().toString(),
          schedule.selection().stream().map(AssetName::toString).sorted().toList(),
          state.nextFire(),
          state.last().map(FireView::of).orElse(null),
          state.open().stream().map(FireView::of).toList(),
          state.open().stream()
              .filter(f -> f.status() == io.tidemark.core.schedule.FireStatus.WAITING)
              .map(Fire::detail)
              .filter(detail -> detail.startsWith("waiting for: "))
              .map(detail -> detail.substring("waiting for: ".length()))
              .toList());
    }
  }

  record ScheduleOverview(SchedulerView scheduler, List<ScheduleView> schedules) {}
}
