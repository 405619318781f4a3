package io.tidemark.store;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.NewIncident;
import io.tidemark.core.state.NewRepair;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.RepairTask;
import io.tidemark.core.state.RunOwner;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.TaskStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Small builders for state store test data. */
final class StateFixtures {
  static final Instant T0 = Instant.parse("2024-03-05T10:15:30.123Z");
  static final RunOwner ALIVE = new RunOwner("runner-1", 4242, T0.minus(Duration.ofHours(1)));
  static final RunOwner GONE = new RunOwner("runner-1", 666, T0.minus(Duration.ofHours(2)));
  static final TaskStatistics STATISTICS = new TaskStatistics(1_000, 64_000, 250, 180, 4_000_000);

  private StateFixtures() {}

  static Instant at(long secondsAfterT0) {
    return T0.plusSeconds(secondsAfterT0);
  }

  static AssetName asset(String table) {
    return AssetName.of("analytics", table);
  }

  static NewRun newRun(Instant startedAt, RunOwner owner) {
    return new NewRun(
        RunTrigger.BACKFILL, "daily_orders+", "2024-03-01", "2024-03-05", 12, startedAt, owner);
  }

  static NewRun newRun() {
    return newRun(T0, ALIVE);
  }

  static NewRun repairRun(Instant startedAt, RunOwner owner) {
    return new NewRun(RunTrigger.REPAIR, "repair", "", "", 3, startedAt, owner);
  }

  static RepairTask task(AssetName asset, String partition) {
    return new RepairTask(asset, partition);
  }

  static NewRepair newRepair(Instant createdAt, List<RepairTask> tasks) {
    return new NewRepair(
        "analytics.daily_orders", "2024-03-01", "2024-03-05", "", "", "ana", createdAt, tasks);
  }

  static NewRepair newRepair(List<RepairTask> tasks) {
    return newRepair(T0, tasks);
  }

  static NewIncident newIncident(AssetName asset, Instant reportedAt, List<String> partitions) {
    return new NewIncident(
        asset,
        "2024-03-01",
        "2024-03-05",
        partitions,
        "duplicated events from the collector",
        "ana",
        reportedAt);
  }

  /**
   * A result as a {@code not_null}-like check gives it: a pass finds nothing, anything else reports
   * what it found and a failing row.
   */
  static CheckResult checkResult(
      long runId,
      AssetName asset,
      String check,
      String partition,
      CheckStatus status,
      Instant checkedAt) {
    boolean passed = status == CheckStatus.PASS;
    return new CheckResult(
        runId,
        asset,
        check,
        partition,
        status,
        status == CheckStatus.WARN ? CheckResult.WARN_SEVERITY : CheckResult.ERROR_SEVERITY,
        passed ? "0 rows" : "3 rows",
        "0 rows",
        passed ? List.of() : List.of("order_id=17 user_id=NULL"),
        passed ? "" : status + " on " + partition,
        checkedAt);
  }

  static PartitionState materialized(AssetName asset, String partition, long runId) {
    return state(asset, partition, PartitionStatus.MATERIALIZED, "data-" + partition, runId, T0);
  }

  static PartitionState state(
      AssetName asset,
      String partition,
      PartitionStatus status,
      String dataVersion,
      long runId,
      Instant updatedAt) {
    return new PartitionState(
        asset,
        partition,
        status,
        dataVersion,
        "code-1",
        "input-" + dataVersion,
        STATISTICS,
        "hash-" + dataVersion,
        runId,
        updatedAt);
  }

  /** {@code state} with other statistics. */
  static PartitionState withStatistics(PartitionState state, TaskStatistics statistics) {
    return new PartitionState(
        state.asset(),
        state.partition(),
        state.status(),
        state.dataVersion(),
        state.codeVersion(),
        state.inputVersion(),
        statistics,
        state.contentHash(),
        state.runId(),
        state.updatedAt());
  }
}
