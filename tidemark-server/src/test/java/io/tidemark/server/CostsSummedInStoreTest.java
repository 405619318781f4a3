package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.cost.CostParts;
import io.tidemark.core.cost.CostRates;
import io.tidemark.core.cost.CostReport;
import io.tidemark.core.cost.CostService;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatistics;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.core.warehouse.EngineUsage;
import io.tidemark.store.StateStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost report priced from the sums the store makes in SQL is the report priced attempt by
 * attempt in Java (as {@link CostService} did before): the same groups in the same order, the same
 * costs, totals, repairs and costliest partitions, on a store holding runs of every trigger over
 * two periods and more, skipped and failed attempts, attempts of an asset the project no longer
 * has, and a run started after today.
 */
class CostsSummedInStoreTest {
  private static final RunOwner OWNER = new RunOwner("test", 1, Instant.EPOCH);
  private static final Instant NOW = Instant.parse("2024-03-20T12:00:00Z");
  private static final AssetName GONE = AssetName.parse("marts.removed");

  @TempDir Path dir;

  @Test
  void theReportSummedInTheStoreIsTheReportSummedAttemptByAttempt() {
    ScheduledProject written =
        ScheduledProject.write(
            dir, "jdbc:sqlite:.tidemark/state.db", ScheduledProject.NIGHTLY, "", "[]");
    Project project = written.load();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    try (StateStore store = StateStores.open(written.stateUrl, dir)) {
      fill(store, project);
      List<CostRates> rates =
          List.of(
              new CostRates("EUR", 2.5, 1.7, 3.1, 0.9),
              new CostRates("EUR", 0, 0, 4.2, 0),
              CostRates.NONE);
      for (CostRates rate : rates) {
        CostService service = new CostService(project, store, clock, rate);
        for (String by : List.of("asset", "pipeline", "owner", "day")) {
          for (LocalDate since : List.of(LocalDate.parse("2024-03-11"), NOW_DAY, START)) {
            for (int top : List.of(1, 3, 50)) {
              assertSameReport(
                  service.report(since, by, top),
                  attemptByAttempt(project, store, clock, rate, since, by, top));
            }
          }
        }
      }
      CostReport report =
          new CostService(project, store, clock, rates.get(0))
              .report(LocalDate.parse("2024-03-11"), "asset", 10);
      // The store held what the comparison needs: repairs, the period before, several groups.
      assertThat(report.repairs().total()).isPositive();
      assertThat(report.previousTotal().total()).isPositive();
      assertThat(report.groups()).hasSizeGreaterThan(1);
      assertThat(report.groups())
          .extracting(CostReport.Group::name)
          .doesNotContain(GONE.toString());
    }
  }

  private static final LocalDate NOW_DAY = LocalDate.parse("2024-03-20");
  private static final LocalDate START = LocalDate.parse("2024-02-20");

  /** 30 days of runs of every trigger, a few a day, and one run started tomorrow. */
  private static void fill(StateStore store, Project project) {
    Random random = new Random(17);
    List<AssetName> assets = new ArrayList<>(project.assets().keySet());
    assets.add(GONE);
    RunTrigger[] triggers = RunTrigger.values();
    for (int day = 0; day <= 30; day++) {
      for (int r = 0; r < 1 + random.nextInt(3); r++) {
        Instant startedAt =
            START
                .plusDays(day)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .plusSeconds(random.nextInt(86_400));
        Run run =
            store.createRun(
                new NewRun(
                    triggers[random.nextInt(triggers.length)],
                    "",
                    "",
                    "",
                    assets.size(),
                    startedAt,
                    OWNER));
        for (AssetName asset : assets) {
          String partition = START.plusDays(random.nextInt(40)).toString();
          int outcome = random.nextInt(10);
          if (outcome == 0) {
            store.recordSkipped(run.id(), asset, partition, "upstream failed", startedAt);
            continue;
          }
          TaskStatus status = outcome == 1 ? TaskStatus.FAILED : TaskStatus.SUCCEEDED;
          TaskStatistics statistics =
              new TaskStatistics(
                  random.nextInt(1_000),
                  random.nextInt(50_000_000),
                  random.nextInt(10_000),
                  random.nextInt(5_000),
                  0,
                  0,
                  new EngineUsage(0, random.nextInt(900_000_000), random.nextInt(5_000), 0));
          long id = store.startAttempt(run.id(), asset, partition, 1, startedAt);
          Optional<PartitionState> state =
              status == TaskStatus.SUCCEEDED
                  ? Optional.of(
                      new PartitionState(
                          asset,
                          partition,
                          PartitionStatus.MATERIALIZED,
                          "d",
                          "c",
                          "i",
                          statistics,
                          "h",
                          run.id(),
                          startedAt))
                  : Optional.empty();
          store.finishAttempt(id, status, startedAt.plusSeconds(5), "", statistics, "d", state);
        }
      }
    }
  }

  private static void assertSameReport(CostReport actual, CostReport expected) {
    String what = expected.by() + " since " + expected.since() + " at " + expected.rates();
    assertThat(actual.since()).isEqualTo(expected.since());
    assertThat(actual.previousSince()).isEqualTo(expected.previousSince());
    assertThat(actual.groups())
        .as(what)
        .extracting(CostReport.Group::name)
        .containsExactlyElementsOf(expected.groups().stream().map(g -> g.name()).toList());
    for (int i = 0; i < expected.groups().size(); i++) {
      CostReport.Group a = actual.groups().get(i);
      CostReport.Group e = expected.groups().get(i);
      assertClose(a.cost(), e.cost(), what);
      assertClose(a.previous(), e.previous(), what);
      assertClose(a.repairs(), e.repairs(), what);
      assertThat(a.share()).as(what).isCloseTo(e.share(), within(1e-9));
    }
    assertClose(actual.total(), expected.total(), what);
    assertClose(actual.previousTotal(), expected.previousTotal(), what);
    assertClose(actual.scheduled(), expected.scheduled(), what);
    assertClose(actual.repairs(), expected.repairs(), what);
    assertThat(actual.topPartitions())
        .as(what)
        .extracting(p -> p.asset() + " " + p.partition() + " " + p.attempts())
        .containsExactlyElementsOf(
            expected.topPartitions().stream()
                .map(p -> p.asset() + " " + p.partition() + " " + p.attempts())
                .toList());
    for (int i = 0; i < expected.topPartitions().size(); i++) {
      assertClose(
          actual.topPartitions().get(i).cost(), expected.topPartitions().get(i).cost(), what);
    }
  }

  private static void assertClose(CostParts actual, CostParts expected, String what) {
    double[] a = {actual.cpu(), actual.scanned(), actual.written(), actual.stored()};
    double[] e = {expected.cpu(), expected.scanned(), expected.written(), expected.stored()};
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).as(what).isCloseTo(e[i], within(1e-9 * Math.max(1, Math.abs(e[i]))));
    }
  }

  /** The report as {@link CostService} made it before: every attempt read and priced in Java. */
  private static CostReport attemptByAttempt(
      Project project,
      StateStore store,
      Clock clock,
      CostRates rates,
      LocalDate since,
      String by,
      int top) {
    CostService pricing = new CostService(project, store, clock, rates);
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
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
    for (Run run : store.recentRuns(100_000)) {
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
        CostParts cost = pricing.cost(attempt.statistics());
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
      double months = days / 30.0;
      for (PartitionState state : store.partitions(List.of())) {
        if (!project.assets().containsKey(state.asset())) {
          continue;
        }
        double stored = state.statistics().bytesWritten() / 1e9 * rates.gbMonthStored() * months;
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
