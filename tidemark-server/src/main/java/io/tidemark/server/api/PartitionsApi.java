package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.quality.VolumeHistory;
import io.tidemark.core.quality.VolumeService;
import io.tidemark.core.status.HealthService;
import io.tidemark.core.status.PartitionMap;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An asset's partitions over a range of days: {@code GET /api/v1/assets/{name}/partitions}, each
 * with its condition, and {@code GET /api/v1/assets/{name}/volume}, its row counts with the volume
 * check's expected band. Without {@code start} and {@code end}, the last {@code days} (90 unless
 * given) up to yesterday, from the asset's first partition.
 */
final class PartitionsApi {
  static final int DEFAULT_DAYS = 90;

  private final Project project;
  private final HealthService health;
  private final VolumeService volumes;
  private final Clock clock;

  PartitionsApi(Project project, HealthService health, VolumeService volumes, Clock clock) {
    this.project = requireNonNull(project, "project is null");
    this.health = requireNonNull(health, "health is null");
    this.volumes = requireNonNull(volumes, "volumes is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  void register(RoutesConfig routes) {
    routes.get(Api.PREFIX + "/assets/{name}/partitions", this::partitions);
    routes.get(Api.PREFIX + "/assets/{name}/volume", this::volume);
  }

  /**
   * The days asked for; by default the last {@value #DEFAULT_DAYS} up to yesterday, from the
   * asset's start.
   */
  private TimeRange range(Context ctx, Asset asset) {
    LocalDate yesterday = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
    int days = Page.parameter(ctx, "days", DEFAULT_DAYS, 1, HealthService.MAX_PARTITIONS);
    TimeRange range = Requests.days(ctx, yesterday, days);
    LocalDate first = range.start().toLocalDate();
    if (Requests.text(ctx, "start") == null && first.isBefore(asset.start())) {
      LocalDate last = range.end().toLocalDate().minusDays(1);
      return Requests.days(last.isBefore(asset.start()) ? last : asset.start(), last);
    }
    return range;
  }

  private void partitions(Context ctx) {
    Asset asset = project.resolve(ctx.pathParam("name"));
    TimeRange range = range(ctx, asset);
    PartitionMap map = health.partitions(asset.name(), range);
    Map<String, Integer> counts = new LinkedHashMap<>();
    map.counts().forEach((condition, count) -> counts.put(condition.label(), count));
    ctx.json(
        new Partitions(
            asset.name().toString(),
            asset.grain().label(),
            range.start().toLocalDate().toString(),
            range.end().toLocalDate().minusDays(1).toString(),
            counts,
            map.cells().stream().map(Cell::of).toList()));
  }

  private void volume(Context ctx) {
    Asset asset = project.resolve(ctx.pathParam("name"));
    TimeRange range = range(ctx, asset);
    VolumeHistory history = volumes.history(asset.name(), range);
    ctx.json(
        new Volume(
            asset.name().toString(),
            asset.grain().label(),
            range.start().toLocalDate().toString(),
            range.end().toLocalDate().minusDays(1).toString(),
            history.check(),
            history.detector(),
            history.points().stream().map(Point::of).toList()));
  }

  record Partitions(
      String asset,
      String grain,
      String start,
      String end,
      Map<String, Integer> counts,
      List<Cell> partitions) {}

  record Cell(String partition, String state, long rows, Long runId, Instant updatedAt) {
    static Cell of(PartitionMap.Cell cell) {
      return new Cell(
          cell.partition(),
          cell.condition().label(),
          cell.rows(),
          cell.runId() == 0 ? null : cell.runId(),
          cell.updatedAt());
    }
  }

  record Volume(
      String asset,
      String grain,
      String start,
      String end,
      String check,
      String detector,
      List<Point> points) {}

  record Point(
      String partition,
      Double rows,
      Double expected,
      Double low,
      Double high,
      String verdict,
      boolean anomalous,
      boolean alert) {
    static Point of(VolumeHistory.Point point) {
      return new Point(
          point.partition(),
          Requests.number(point.rows()),
          Requests.number(point.expected()),
          Requests.number(point.low()),
          Requests.number(point.high()),
          point.verdict(),
          point.anomalous(),
          point.alert());
    }
  }
}
