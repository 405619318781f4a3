package io.tidemark.core.cost;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.AttemptUsage;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskStatistics;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
    Instant periodStart = since.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant previousStart = previousSince.atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, CostParts> current = new HashMap<>();
    Map<String, CostParts> previous = new HashMap<>();
    Map<String, CostParts> repairsByGroup = new HashMap<>();
    CostParts scheduled = CostParts.ZERO;
    CostParts repairs = CostParts.ZERO;
    CostParts previousTotal = CostParts.ZERO;
    // The store sums the attempts by asset (and by day when so grouped); the sums are priced here.
    // Attempts of assets the project no longer has are left out.
    Set<AssetName> gone = new HashSet<>();
    List<AttemptUsage> byAsset =
        store.attemptUsage(periodStart, Instant.MAX, AttemptUsage.By.ASSET, List.of());
    List<AttemptUsage> previousByAsset =
        store.attemptUsage(previousStart, periodStart, AttemptUsage.By.ASSET, List.of());
    for (AttemptUsage usage : previousByAsset) {
      AssetName name = AssetName.parse(usage.key());
      if (!project.assets().containsKey(name)) {
        gone.add(name);
        continue;
      }
      CostParts cost = cost(usage);
      previousTotal = previousTotal.plus(cost);
      if (!"day".equals(by)) {
        // A day of the period before is never a day of this one: grouped by day, nothing compares.
        previous.merge(group(by, project.asset(name), null), cost, CostParts::plus);
      }
    }
    for (AttemptUsage usage : byAsset) {
      AssetName name = AssetName.parse(usage.key());
      if (!project.assets().containsKey(name)) {
        gone.add(name);
      }
    }
    List<AttemptUsage> grouped =
        "day".equals(by)
            ? store.attemptUsage(periodStart, Instant.MAX, AttemptUsage.By.DAY, gone)
            : byAsset;
    for (AttemptUsage usage : grouped) {
      String group;
      if ("day".equals(by)) {
        group = usage.key();
      } else {
        AssetName name = AssetName.parse(usage.key());
        if (gone.contains(name)) {
          continue;
        }
        group = group(by, project.asset(name), null);
      }
      CostParts cost = cost(usage);
      current.merge(group, cost, CostParts::plus);
      if (usage.repair()) {
        repairsByGroup.merge(group, cost, CostParts::plus);
        repairs = repairs.plus(cost);
      } else {
        scheduled = scheduled.plus(cost);
      }
    }
    if (rates.gbMonthStored() > 0) {
      double months = days / MONTH_DAYS;
      for (Map.Entry<AssetName, Long> stored : store.storedBytes().entrySet()) {
        if (!project.assets().containsKey(stored.getKey())) {
          continue;
        }
        double price = stored.getValue() / GB * rates.gbMonthStored() * months;
        CostParts cost = new CostParts(0, 0, 0, price);
        current.merge(group(by, project.asset(stored.getKey()), today), cost, CostParts::plus);
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
    List<CostReport.Partition> topPartitions = new ArrayList<>();
    for (AttemptUsage usage :
        store.costliestPartitions(
            periodStart,
            Instant.MAX,
            gone,
            rates.price(1, 0, 0).total(),
            rates.price(0, 1, 0).total(),
            rates.price(0, 0, 1).total(),
            top)) {
      topPartitions.add(
          new CostReport.Partition(
              usage.asset(), usage.key(), cost(usage), Math.toIntExact(usage.attempts())));
    }
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

  private CostParts cost(AttemptUsage usage) {
    return rates.price(usage.computeMillis(), usage.bytesScanned(), usage.bytesWritten());
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
