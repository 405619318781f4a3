package io.tidemark.store;

import static io.tidemark.store.StateFixtures.ALIVE;
import static io.tidemark.store.StateFixtures.asset;
import static io.tidemark.store.StateFixtures.at;
import static io.tidemark.store.StateFixtures.checkResult;
import static io.tidemark.store.StateFixtures.newRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.CheckTally;
import io.tidemark.core.state.Run;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every store does with data-quality check results. */
interface CheckResultStoreContract extends StoreContract {
  @Test
  default void checkResultsKeepEveryFieldIncludingSampleRowsOfAnyText() {
    List<String> sample =
        List.of(
            "order_id=17 user_id=NULL",
            "note='first line\nsecond line'",
            "",
            "a literal backslash-n \\n, a backslash \\ and one at the end \\",
            "ünïcødé 中文 🌊 \t tab, \r return and a NUL \0 inside\n");
    CheckResult failed =
        new CheckResult(
            7,
            ORDERS,
            "not_null(user_id)",
            "2024-03-01",
            CheckStatus.FAIL,
            "error",
            "5 rows",
            "0 rows",
            sample,
            "5 rows have a NULL user_id",
            Instant.parse("2024-03-06T08:00:00.123456Z"));
    // Empty fields, and a sample of one empty row, which is not an empty sample.
    CheckResult passed =
        new CheckResult(
            7,
            ORDERS,
            "row_count",
            "2024-03-01",
            CheckStatus.PASS,
            "warn",
            "",
            "",
            List.of(),
            "",
            at(10));
    CheckResult oneEmptyRow =
        new CheckResult(
            0,
            REVENUE,
            "unique(id)",
            "all",
            CheckStatus.WARN,
            "warn",
            "",
            "",
            List.of(""),
            "",
            at(10));
    CheckResult error =
        new CheckResult(
            7,
            REVENUE,
            "volume_anomaly",
            "2024-03-01",
            CheckStatus.ERROR,
            "error",
            "",
            "9,800..13,100",
            List.of(),
            "Catalog Error: Table with name daily_revenue does not exist!",
            at(20));

    store().recordCheckResults(List.of(failed, passed, oneEmptyRow, error));

    CheckResult storedFailed =
        new CheckResult(
            7,
            ORDERS,
            "not_null(user_id)",
            "2024-03-01",
            CheckStatus.FAIL,
            "error",
            "5 rows",
            "0 rows",
            sample,
            "5 rows have a NULL user_id",
            Instant.parse("2024-03-06T08:00:00.123Z"));
    assertThat(store().checkResults(7)).containsExactly(storedFailed, passed, error);
    assertThat(store().checkResults(0)).containsExactly(oneEmptyRow);
    assertThat(store().latestCheckResults(List.of()))
        .containsExactlyInAnyOrder(storedFailed, passed, oneEmptyRow, error);
  }

  @Test
  default void theLatestCheckTalliesCountTheLatestResultsAsReadOneByOne() {
    // A generated history: 12 assets, 3 checks, 20 days, recorded in 4 rounds in which a result
    // may replace an earlier one, come too late to replace it, or be the first of its partition.
    java.util.Random random = new java.util.Random(18);
    CheckStatus[] statuses = CheckStatus.values();
    for (int round = 0; round < 4; round++) {
      List<CheckResult> results = new ArrayList<>();
      for (int a = 0; a < 12; a++) {
        for (String check : List.of("volume_anomaly", "not_null(id)", "unique(id)")) {
          for (int day = 1; day <= 20; day++) {
            if (random.nextInt(3) == 0) {
              continue;
            }
            CheckStatus status = statuses[random.nextInt(statuses.length)];
            // A warning is of a warn-level check, a failure of an error-level one.
            String severity =
                status == CheckStatus.WARN || status != CheckStatus.FAIL && random.nextBoolean()
                    ? CheckResult.WARN_SEVERITY
                    : CheckResult.ERROR_SEVERITY;
            results.add(
                new CheckResult(
                    round,
                    asset("t" + a),
                    check,
                    String.format("2024-01-%02d", day),
                    status,
                    severity,
                    "",
                    "",
                    List.of(),
                    "",
                    at(random.nextInt(100))));
          }
        }
      }
      store().recordCheckResults(results);
    }

    Map<List<Object>, Long> oneByOne = new HashMap<>();
    for (CheckResult result : store().latestCheckResults(List.of())) {
      oneByOne.merge(
          List.of(result.asset(), result.check(), result.severity(), result.status()),
          1L,
          Long::sum);
    }
    Map<List<Object>, Long> tallied = new HashMap<>();
    for (CheckTally tally : store().latestCheckTallies()) {
      assertThat(
              tallied.put(
                  List.of(tally.asset(), tally.check(), tally.severity(), tally.status()),
                  tally.results()))
          .as("one tally per asset, check, severity and status")
          .isNull();
    }
    assertThat(tallied).isEqualTo(oneByOne);
    assertThat(oneByOne.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(400);

    // Of some assets: their tallies alone, counted as of every asset.
    Set<AssetName> some = Set.of(asset("t3"), asset("t7"), asset("none"));
    Map<List<Object>, Long> ofSome = new HashMap<>();
    for (CheckTally tally : store().latestCheckTallies(some)) {
      assertThat(
              ofSome.put(
                  List.of(tally.asset(), tally.check(), tally.severity(), tally.status()),
                  tally.results()))
          .isNull();
    }
    Map<List<Object>, Long> expected = new HashMap<>(oneByOne);
    expected.keySet().removeIf(key -> !some.contains(key.get(0)));
    assertThat(ofSome).isEqualTo(expected).isNotEmpty();
  }

  @Test
  default void aPageOfLatestCheckResultsIsTheSortedListsPageAndCountsEveryStatus() {
    // A generated history as above, over assets of two schemas whose names order differently as
    // text and as schema then table, with many results checked at the same instant (so the ties
    // of time are broken by asset, check and partition), recorded in rounds.
    java.util.Random random = new java.util.Random(13);
    CheckStatus[] statuses = CheckStatus.values();
    List<AssetName> assets = new ArrayList<>();
    for (String schema : List.of("mart", "mart_b", "m")) {
      for (String table : List.of("t1", "t_2", "t10")) {
        assets.add(AssetName.of(schema, table));
      }
    }
    for (int round = 0; round < 3; round++) {
      List<CheckResult> results = new ArrayList<>();
      for (AssetName asset : assets) {
        for (String check : List.of("volume_anomaly", "not_null(id)")) {
          for (int day = 1; day <= 15; day++) {
            if (random.nextInt(3) == 0) {
              continue;
            }
            CheckStatus status = statuses[random.nextInt(statuses.length)];
            results.add(
                new CheckResult(
                    round,
                    asset,
                    check,
                    String.format("2024-01-%02d", day),
                    status,
                    status == CheckStatus.FAIL
                        ? CheckResult.ERROR_SEVERITY
                        : CheckResult.WARN_SEVERITY,
                    "",
                    "",
                    List.of(),
                    "",
                    at(random.nextInt(4))));
          }
        }
      }
      store().recordCheckResults(results);
    }

    List<CheckResult> sorted =
        store().latestCheckResults(List.of()).stream()
            .sorted(io.tidemark.core.quality.check.CheckResultService.FAILURES_FIRST)
            .toList();
    Map<CheckStatus, Long> counts = new HashMap<>();
    for (CheckStatus status : statuses) {
      counts.put(status, sorted.stream().filter(r -> r.status() == status).count());
    }
    assertThat(sorted).hasSizeGreaterThan(200);
    List<Set<CheckStatus>> filters =
        List.of(
            Set.of(),
            Set.of(CheckStatus.FAIL),
            Set.of(CheckStatus.ERROR, CheckStatus.FAIL),
            Set.of(CheckStatus.WARN, CheckStatus.PASS),
            Set.of(CheckStatus.SKIPPED),
            Set.of(CheckStatus.PASS));
    for (Set<CheckStatus> filter : filters) {
      List<CheckResult> kept =
          sorted.stream().filter(r -> filter.isEmpty() || filter.contains(r.status())).toList();
      for (int offset : List.of(0, 1, 37, 64, 150, kept.size() - 3, kept.size(), 100_000)) {
        for (int limit : List.of(1, 25, 100, 1000)) {
          io.tidemark.core.state.CheckPage page =
              store().latestCheckPage(filter, Math.max(offset, 0), limit);
          assertThat(page.results())
              .as("statuses %s, offset %d, limit %d", filter, offset, limit)
              .isEqualTo(
                  kept.subList(
                      Math.min(Math.max(offset, 0), kept.size()),
                      Math.min(Math.max(offset, 0) + limit, kept.size())));
          assertThat(page.counts()).isEqualTo(counts);
          assertThat(page.total(filter)).isEqualTo(kept.size());
        }
      }
    }
  }

  @Test
  default void aPagesCountsFollowEveryWriteOfTheLatestResultsFromThisStoreOrAnother() {
    store()
        .recordCheckResults(
            List.of(
                checkResult(0, ORDERS, "not_null", "2024-03-01", CheckStatus.FAIL, at(1)),
                checkResult(0, ORDERS, "not_null", "2024-03-02", CheckStatus.PASS, at(1))));
    assertThat(counted(store().latestCheckPage(Set.of(), 0, 10)))
        .isEqualTo(Map.of(CheckStatus.FAIL, 1L, CheckStatus.PASS, 1L));
    // The failure passes now, through another store on the same database.
    try (io.tidemark.core.state.StateStore other = openStore()) {
      other.recordCheckResults(
          List.of(checkResult(0, ORDERS, "not_null", "2024-03-01", CheckStatus.PASS, at(2))));
    }
    io.tidemark.core.state.CheckPage page = store().latestCheckPage(Set.of(), 0, 10);
    assertThat(counted(page)).isEqualTo(Map.of(CheckStatus.PASS, 2L));
    assertThat(page.results()).extracting(CheckResult::status).containsOnly(CheckStatus.PASS);
    store()
        .recordCheckResults(
            List.of(checkResult(0, REVENUE, "unique", "2024-03-01", CheckStatus.WARN, at(3))));
    assertThat(counted(store().latestCheckPage(Set.of(CheckStatus.WARN), 0, 10)))
        .isEqualTo(Map.of(CheckStatus.PASS, 2L, CheckStatus.WARN, 1L));
  }

  /** The page's counts of the statuses that have results. */
  private static Map<CheckStatus, Long> counted(io.tidemark.core.state.CheckPage page) {
    Map<CheckStatus, Long> counts = new HashMap<>(page.counts());
    counts.values().removeIf(count -> count == 0);
    return counts;
  }

  @Test
  default void anEmptyStoreHasNoCheckTallies() {
    assertThat(store().latestCheckTallies()).isEmpty();
  }

  @Test
  default void theLatestCheckResultOfACheckAndPartitionIsTheOneCheckedLast() {
    CheckResult first =
        checkResult(1, ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.FAIL, at(10));
    CheckResult third =
        checkResult(3, ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.PASS, at(30));
    CheckResult second =
        checkResult(2, ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.WARN, at(20));
    // Another partition and another check of the same asset keep latest results of their own.
    CheckResult otherPartition =
        checkResult(1, ORDERS, "not_null(user_id)", "2024-03-02", CheckStatus.FAIL, at(10));
    CheckResult otherCheck =
        checkResult(1, ORDERS, "unique(id)", "2024-03-01", CheckStatus.FAIL, at(10));

    store().recordCheckResults(List.of(first, third, otherPartition));
    store().recordCheckResults(List.of(second, otherCheck));

    // The result checked last wins, not the one recorded last.
    assertThat(store().latestCheckResults(List.of(ORDERS)))
        .containsExactlyInAnyOrder(third, otherPartition, otherCheck);
  }

  @Test
  default void checkResultsCheckedAtTheSameInstantAreOrderedByInsertion() {
    Instant sameMillisecond = Instant.parse("2024-03-06T08:00:00.123Z");
    CheckResult a =
        checkResult(1, ORDERS, "not_null(user_id)", "all", CheckStatus.FAIL, sameMillisecond);
    CheckResult b =
        checkResult(1, ORDERS, "not_null(user_id)", "all", CheckStatus.PASS, sameMillisecond);
    // Later in the same millisecond, which is all the store keeps.
    CheckResult c =
        checkResult(
            2,
            ORDERS,
            "not_null(user_id)",
            "all",
            CheckStatus.ERROR,
            Instant.parse("2024-03-06T08:00:00.123999Z"));
    CheckResult d =
        checkResult(3, ORDERS, "not_null(user_id)", "all", CheckStatus.PASS, sameMillisecond);

    store().recordCheckResults(List.of(a, b));
    assertThat(store().latestCheckResults(List.of(ORDERS))).containsExactly(b);

    store().recordCheckResults(List.of(c));
    assertThat(store().latestCheckResults(List.of(ORDERS)))
        .extracting(CheckResult::runId, CheckResult::status)
        .containsExactly(tuple(2L, CheckStatus.ERROR));

    store().recordCheckResults(List.of(d, b, a));
    assertThat(store().latestCheckResults(List.of(ORDERS))).containsExactly(a);
  }

  @Test
  default void aPassAfterAFailBecomesTheLatestAndTheFailStaysInTheHistory() {
    Run nightly = store().createRun(newRun(at(0), ALIVE));
    CheckResult failed =
        checkResult(
            nightly.id(), ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.FAIL, at(10));
    store().recordCheckResults(List.of(failed));
    assertThat(store().latestCheckResults(List.of(ORDERS))).containsExactly(failed);

    Run repair = store().createRun(newRun(at(100), ALIVE));
    CheckResult passed =
        checkResult(
            repair.id(), ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.PASS, at(110));
    store().recordCheckResults(List.of(passed));

    assertThat(store().latestCheckResults(List.of(ORDERS))).containsExactly(passed);
    assertThat(passed.message()).isEmpty();
    assertThat(passed.sample()).isEmpty();
    assertThat(store().checkResults(nightly.id())).containsExactly(failed);
    assertThat(store().checkResults(repair.id())).containsExactly(passed);
  }

  @Test
  default void latestCheckResultsOfNoAssetsAreThoseOfEveryAsset() {
    CheckResult orders1 =
        checkResult(1, ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.FAIL, at(1));
    CheckResult orders2 =
        checkResult(1, ORDERS, "not_null(user_id)", "2024-03-02", CheckStatus.PASS, at(1));
    CheckResult revenue = checkResult(1, REVENUE, "row_count", "all", CheckStatus.PASS, at(1));
    CheckResult kpis =
        checkResult(0, asset("weekly_kpis"), "row_count", "all", CheckStatus.PASS, at(1));
    store().recordCheckResults(List.of(orders1, orders2, revenue, kpis));

    assertThat(store().latestCheckResults(List.of()))
        .containsExactlyInAnyOrder(orders1, orders2, revenue, kpis);
    assertThat(store().latestCheckResults(List.of(ORDERS, asset("weekly_kpis"), ORDERS)))
        .containsExactlyInAnyOrder(orders1, orders2, kpis);
    assertThat(store().latestCheckResults(List.of(REVENUE))).containsExactly(revenue);
    assertThat(store().latestCheckResults(List.of(asset("unknown")))).isEmpty();
  }

  @Test
  default void checkResultsOfARunAreItsOwnInInsertionOrder() {
    Run run = store().createRun(newRun());
    Run otherRun = store().createRun(newRun());
    // Neither by asset, check, partition nor time: as recorded.
    CheckResult first =
        checkResult(run.id(), REVENUE, "unique(id)", "2024-03-02", CheckStatus.PASS, at(30));
    CheckResult second =
        checkResult(run.id(), ORDERS, "row_count", "2024-03-01", CheckStatus.FAIL, at(20));
    CheckResult ofOther =
        checkResult(otherRun.id(), ORDERS, "row_count", "all", CheckStatus.PASS, at(25));
    CheckResult onDemand = checkResult(0, ORDERS, "row_count", "all", CheckStatus.PASS, at(26));
    CheckResult third =
        checkResult(run.id(), ORDERS, "row_count", "2024-03-01", CheckStatus.PASS, at(10));
    CheckResult fourth =
        checkResult(run.id(), ORDERS, "a_check", "2024-03-01", CheckStatus.WARN, at(10));

    store().recordCheckResults(List.of(first, second, ofOther));
    store().recordCheckResults(List.of(onDemand, third, fourth));

    assertThat(store().checkResults(run.id())).containsExactly(first, second, third, fourth);
    assertThat(store().checkResults(otherRun.id())).containsExactly(ofOther);
    assertThat(store().checkResults(0)).containsExactly(onDemand);
    assertThat(store().checkResults(987_654)).isEmpty();
  }

  @Test
  default void recordingNoCheckResultsWritesNothing() {
    store().recordCheckResults(List.of());

    assertThat(store().latestCheckResults(List.of())).isEmpty();
    assertThat(store().checkResults(0)).isEmpty();
  }

  @Test
  default void checkResultsWhoseLatestStateCannotBeWrittenAreNotRecorded() throws SQLException {
    CheckResult result =
        checkResult(1, ORDERS, "not_null(user_id)", "2024-03-01", CheckStatus.FAIL, at(1));
    renameTable("check_latest", "check_latest_away");
    try {
      assertThatThrownBy(() -> store().recordCheckResults(List.of(result)))
          .isInstanceOf(TidemarkException.class)
          .extracting(e -> ((TidemarkException) e).code())
          .isEqualTo(ErrorCode.STATE_STORE);
    } finally {
      renameTable("check_latest_away", "check_latest");
    }

    assertThat(store().checkResults(1)).isEmpty();
    assertThat(store().latestCheckResults(List.of())).isEmpty();
  }

  @Test
  default void aHundredThousandCheckResultsAreRecordedInOneCallAndTheLatestReadBackInFull() {
    // 1,100 assets × 40 days × 2 checks, then 12,000 of those checked again, later, in the same
    // call: 100,000 results.
    Run run = store().createRun(newRun());
    List<CheckResult> results = new ArrayList<>(100_000);
    for (int model = 0; model < 1_100; model++) {
      for (int day = 0; day < 40; day++) {
        for (String check : List.of("not_null(user_id)", "volume_anomaly")) {
          results.add(
              checkResult(
                  run.id(),
                  asset("model_" + model),
                  check,
                  "2024-01-" + day,
                  CheckStatus.FAIL,
                  at(day)));
        }
      }
    }
    for (int i = 0; i < 12_000; i++) {
      CheckResult earlier = results.get(i * 7);
      results.add(
          checkResult(
              run.id(),
              earlier.asset(),
              earlier.check(),
              earlier.partition(),
              CheckStatus.PASS,
              at(100)));
    }
    assertThat(results).hasSize(100_000);
    List<AssetName> wanted = IntStream.range(0, 1_000).mapToObj(i -> asset("model_" + i)).toList();
    Set<AssetName> wantedSet = Set.copyOf(wanted);
    // Every result is checked no earlier than those before it: the last of each key is latest.
    Map<List<Object>, CheckResult> expectedLatest = new HashMap<>();
    for (CheckResult result : results) {
      if (wantedSet.contains(result.asset())) {
        expectedLatest.put(List.of(result.asset(), result.check(), result.partition()), result);
      }
    }

    store().recordCheckResults(results);

    assertThat(store().checkResults(run.id())).isEqualTo(results);
    List<CheckResult> latest = store().latestCheckResults(wanted);
    assertThat(latest).hasSize(80_000);
    assertThat(new HashSet<>(latest)).isEqualTo(new HashSet<>(expectedLatest.values()));
    assertThat(latest).filteredOn(result -> result.status() == CheckStatus.PASS).isNotEmpty();
    assertThat(store().latestCheckResults(List.of())).hasSize(88_000);
  }
}
