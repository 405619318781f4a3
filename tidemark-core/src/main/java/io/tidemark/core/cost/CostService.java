package io.tidemark.core.cost;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prices what the attempts of a period used at the project's rates. Compute is the larger of the
 * attempt's JVM CPU and the engine's CPU (an embedded engine's work is on the attempt's thread, and
 * counted in both); bytes scanned and written are the attempt's; storage is what the assets'
 * partitions hold now, for the period's length, charged to the assets (and so to their pipelines
 * and owners) and to today.
 */
public final class CostService {
  public static final Set<String> GROUPINGS = Set.of("asset", "pipeline", "owner", "day");

  /** Runs read at most; older ones are outside any period worth pricing here. */
  private static final int MAX_RUNS = 100_000;

  private static final double GB = CostRates.GB;
  private static final double MONTH_DAYS = 30;

  private final Project project;
  private final StateStore store;
  private final Clock clock;
  private final CostRates rates;

  public CostService(Project project, StateStore store, Clock clock, CostRates rates) {
    this.project = requireNonNull(project, "project is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.rates = requireNonNull(rates, "rates is null");
  }

  /** The attempt's cost at these rates. */
  public CostParts cost(TaskStatistics statistics) {
    return rates.price(
        Math.max(statistics.cpuMillis(), statistics.engine().cpuMillis()),
        statistics.engine().bytesScanned(),
        statistics.bytesWritten());
  }

  public CostReport report(LocalDate since, String by, int top) {
    if (!GROUPINGS.contains(by)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "--by must be asset, pipeline, owner or day, got '" + by + "'");
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (since.isAfter(today)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "--since " + since + " is after today (" + today + ")");
    }
    long days = ChronoUnit.DAYS.between(since, today) + 1;
    LocalDate previousSince = since.minusDays(days);
    Map<String, CostParts> current = new HashMap<>();
    Map<String, CostParts> previous = new HashMap<>();
    Map<String, CostParts> repairsByGroup = new HashMap<>();
    Map<List<String>, CostParts> partitions = new HashMap<>();
    Map<List<String>, Integer> attemptsByPartition = new HashMap<>();
    CostParts scheduled = CostParts.ZERO;
    CostParts repairs = CostParts.ZERO;
    CostParts previousTotal = CostParts.ZERO;
    for (Run run : store.recentRuns(MAX_RUNS)) {
      LocalDate day = LocalDate.ofInstant(run.startedAt(), ZoneOffset.UTC);
      if (day.isBefore(previousSince)) {
        continue;
      }
      boolean inPeriod = !day.isBefore(since);
      boolean repair = run.trigger() == RunTrigger.REPAIR || run.trigger() == RunTrigger.BACKFILL;
      for (TaskAttempt attempt : store.attempts(run.id())) {
        if (attempt.status() == TaskStatus.SKIPPED
            || !project.assets().containsKey(attempt.asset())) {
          continue;
        }
        CostParts cost = cost(attempt.statistics());
        String group = group(by, project.asset(attempt.asset()), day);
        if (!inPeriod) {
          previous.merge(group, cost, CostParts::plus);
          previousTotal = previousTotal.plus(cost);
          continue;
        }
        current.merge(group, cost, CostParts::plus);
        if (repair) {
          repairsByGroup.merge(group, cost, CostParts::plus);
          repairs = repairs.plus(cost);
        } else {
          scheduled = scheduled.plus(cost);
        }
        List<String> key = List.of(attempt.asset().toString(), attempt.partition());
        partitions.merge(key, cost, CostParts::plus);
        attemptsByPartition.merge(key, 1, Integer::sum);
      }
    }
    if (rates.gbMonthStored() > 0) {
      double months = days / MONTH_DAYS;
      for (PartitionState state : store.partitions(List.of())) {
        if (!project.assets().containsKey(state.asset())) {
          continue;
        }
        double stored = state.statistics().bytesWritten() / GB * rates.gbMonthStored() * months;
        CostParts cost = new CostParts(0, 0, 0, stored);
        current.merge(group(by, project.asset(state.asset()), today), cost, CostParts::plus);
        scheduled = scheduled.plus(cost);
      }
    }
    CostParts total = scheduled.plus(repairs);
    List<CostReport.Group> groups = new ArrayList<>();
    for (Map.Entry<String, CostParts> entry : current.entrySet()) {
      groups.add(
          new CostReport.Group(
              entry.getKey(),
              entry.getValue(),
              total.total() == 0 ? 0 : entry.getValue().total() / total.total(),
              previous.getOrDefault(entry.getKey(), CostParts.ZERO),
              repairsByGroup.getOrDefault(entry.getKey(), CostParts.ZERO)));
    }
    Comparator<CostReport.Group> byCost =
        Comparator.comparingDouble((CostReport.Group g) -> g.cost().total()).reversed();
    groups.sort(
        "day".equals(by)
            ? Comparator.comparing(CostReport.Group::name)
            : byCost.thenComparing(CostReport.Group::name));
    List<CostReport.Partition> topPartitions =
        partitions.entrySet().stream()
            .sorted(
                Comparator.comparingDouble(
                        (Map.Entry<List<String>, CostParts> e) -> e.getValue().total())
                    .reversed()
                    .thenComparing(e -> e.getKey().toString()))
            .limit(top)
            .map(
                e ->
                    new CostReport.Partition(
                        e.getKey().get(0),
                        e.getKey().get(1),
                        e.getValue(),
                        attemptsByPartition.get(e.getKey())))
            .toList();
    return new CostReport(
        rates,
        since,
        previousSince,
        by,
        "day".equals(by) ? groups : groups.subList(0, Math.min(top, groups.size())),
        total,
        previousTotal,
        scheduled,
        repairs,
        topPartitions);
  }

  private static String group(String by, Asset asset, LocalDate day) {
    return switch (by) {
      case "asset" -> asset.name().toString();
      case "pipeline" -> asset.pipeline().isEmpty() ? "(none)" : asset.pipeline();
      case "owner" -> asset.owner().isEmpty() ? "(none)" : asset.owner();
      default -> day.toString();
    };
  }
}
