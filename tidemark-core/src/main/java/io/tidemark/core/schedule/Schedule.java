package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Pipeline;
import io.tidemark.core.project.Project;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What fires together on one cron: a pipeline's models, or a model that declares a schedule of its
 * own (it then fires alone, with its pipeline's other settings).
 *
 * <p>A fire at time t builds the partitions that became due since the cron's previous time: the
 * fire of "0 3 * * *" on March 2 builds the day of March 1. The first fire a schedule ever makes
 * builds everything due that is not built yet, from the assets' start.
 *
 * @param name the pipeline's name, or the model's {@code schema.table}
 * @param selection the assets a fire plans, in topological order
 * @param selectionText the same as a selection expression, recorded on the fire's runs
 * @param after the schedules whose fires this one's wait for
 */
public record Schedule(
    String name,
    Pipeline settings,
    CronSchedule cron,
    Set<AssetName> selection,
    String selectionText,
    Set<Grain> grains,
    LocalDate start,
    List<String> after) {

  /** How many missed fires a scheduler that was down makes at most, per schedule. */
  static final int MAX_CATCHUP_FIRES = 1_000;

  public Schedule {
    requireNonNull(name, "name is null");
    requireNonNull(settings, "settings is null");
    requireNonNull(cron, "cron is null");
    selection = Set.copyOf(requireNonNull(selection, "selection is null"));
    requireNonNull(selectionText, "selectionText is null");
    grains = Set.copyOf(requireNonNull(grains, "grains is null"));
    requireNonNull(start, "start is null");
    after = List.copyOf(requireNonNull(after, "after is null"));
  }

  /**
   * The schedules of a project, by name: every pipeline with a schedule and at least one model, and
   * every model with a schedule of its own.
   */
  public static Map<String, Schedule> of(Project project) {
    Map<String, Set<Asset>> byPipeline = new LinkedHashMap<>();
    Map<String, Schedule> schedules = new LinkedHashMap<>();
    List<Asset> ownSchedules = new ArrayList<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      Asset asset = project.asset(name);
      if (!asset.isModel()) {
        continue;
      }
      if (!asset.schedule().isEmpty()) {
        ownSchedules.add(asset);
      } else if (!asset.pipeline().isEmpty()) {
        byPipeline.computeIfAbsent(asset.pipeline(), p -> new LinkedHashSet<>()).add(asset);
      }
    }
    for (Pipeline pipeline : project.config().pipelines().values()) {
      Set<Asset> assets = byPipeline.getOrDefault(pipeline.name(), Set.of());
      if (pipeline.isScheduled() && !assets.isEmpty()) {
        schedules.put(
            pipeline.name(),
            of(pipeline.name(), pipeline, pipeline.schedule(), assets, "pipeline:"));
      }
    }
    for (Asset asset : ownSchedules) {
      Pipeline settings =
          project.config().pipelines().getOrDefault(asset.pipeline(), new Pipeline("", "", ""));
      String name = asset.name().toString();
      schedules.put(name, of(name, settings, asset.schedule(), Set.of(asset), ""));
    }
    return schedules;
  }

  private static Schedule of(
      String name, Pipeline settings, String cron, Set<Asset> assets, String selectionPrefix) {
    Set<AssetName> selection = new LinkedHashSet<>();
    Set<Grain> grains = new LinkedHashSet<>();
    LocalDate start = null;
    for (Asset asset : assets) {
      selection.add(asset.name());
      grains.add(asset.grain());
      if (start == null || asset.start().isBefore(start)) {
        start = asset.start();
      }
    }
    return new Schedule(
        name,
        settings,
        new CronSchedule(cron, settings.timezone()),
        selection,
        selectionPrefix + name,
        grains,
        start,
        settings.after());
  }

  public DuePartitions due() {
    return new DuePartitions(settings.timezone(), settings.delay());
  }

  /**
   * The fires to make now, oldest first: the cron's times after {@code cursor} up to {@code now},
   * of which those older than the catch-up window are left out, except the latest.
   *
   * @param cursor the latest fire made, or the time the schedule was first seen
   */
  public List<Instant> firesDue(Instant cursor, Instant now) {
    Optional<Instant> latest = cron.latest(now).filter(t -> t.isAfter(cursor));
    if (latest.isEmpty()) {
      return List.of();
    }
    Duration catchup = settings.catchup();
    if (catchup.isZero()) {
      return List.of(latest.get());
    }
    Instant windowOpens = now.minus(catchup).minusMillis(1);
    List<Instant> fires =
        cron.between(windowOpens.isAfter(cursor) ? windowOpens : cursor, now, MAX_CATCHUP_FIRES);
    return fires.isEmpty() ? List.of(latest.get()) : fires;
  }

  /** Where the window of the fire at {@code fire} starts: the cron's previous time. */
  public Instant windowStart(Instant fire) {
    return cron.previous(fire).orElse(Instant.EPOCH);
  }

  /**
   * The range a fire plans: the span of the partitions, of every grain among the selected models,
   * that became due in {@code (windowStart, fire]}; from the assets' start for a window starting at
   * {@link Instant#EPOCH} (a first fire). Empty when nothing became due; unpartitioned models are
   * planned whatever the range.
   */
  public TimeRange range(Instant windowStart, Instant fire) {
    DuePartitions due = due();
    LocalDateTime first = null;
    LocalDateTime last = null;
    Instant after = windowStart;
    Instant startsAt = start.atStartOfDay().atZone(settings.timezone()).toInstant();
    if (after.isBefore(startsAt)) {
      after = startsAt;
    }
    for (Grain grain : grains) {
      if (grain == Grain.ALL) {
        continue;
      }
      List<PartitionKey> keys = due.between(grain, after, fire);
      if (keys.isEmpty()) {
        continue;
      }
      LocalDateTime keyStart = keys.get(0).start();
      LocalDateTime keyEnd = keys.get(keys.size() - 1).end();
      first = first == null || keyStart.isBefore(first) ? keyStart : first;
      last = last == null || keyEnd.isAfter(last) ? keyEnd : last;
    }
    if (first == null) {
      LocalDateTime none = start.atStartOfDay();
      return new TimeRange(none, none);
    }
    if (windowStart.equals(Instant.EPOCH)) {
      first = start.atStartOfDay();
    }
    return new TimeRange(first, last);
  }
}
