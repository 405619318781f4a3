package io.tidemark.warehouse.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetKind;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.quality.Check;
import io.tidemark.core.quality.CheckEvaluator;
import io.tidemark.core.quality.RowHistory;
import io.tidemark.core.quality.Severity;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.warehouse.PartitionFingerprint;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every warehouse engine promises Tidemark: partition writes that replace exactly their
 * partition, atomically, even when the statement fails half-way; tables and views replaced whole;
 * the catalog with each table's generation; fingerprints that follow the data and nothing else;
 * values in the Java types {@link QueryResult} names. An engine's module runs it by extending this
 * class with a fresh, empty warehouse per test.
 *
 * <p>The SQL here is the SQL the engines share, so that the suite itself is the same for all.
 */
public abstract class WarehouseContract {
  protected static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
  protected static final String TARGET = "staging.daily_events";
  protected static final int DAYS = 5;
  protected static final int USERS = 20;

  protected Warehouse warehouse;
  protected WarehouseSession session;

  /** A new warehouse holding nothing, which the test closes. */
  protected abstract Warehouse openEmptyWarehouse();

  @BeforeEach
  void openWarehouse() {
    warehouse = openEmptyWarehouse();
    session = warehouse.openSession();
    events();
  }

  @AfterEach
  void closeWarehouse() {
    if (session != null) {
      session.close();
    }
    if (warehouse != null) {
      warehouse.close();
    }
  }

  /**
   * {@code raw.events}: {@link #USERS} rows on each of {@link #DAYS} days from {@link #FIRST_DAY};
   * user_id runs 0..USERS-1 within a day and amount is user_id * 10.
   */
  private void events() {
    session.execute("create schema raw");
    session.execute("create table raw.events (event_date date, user_id bigint, amount bigint)");
    List<String> rows = new ArrayList<>();
    for (int day = 0; day < DAYS; day++) {
      for (int user = 0; user < USERS; user++) {
        rows.add("(date '" + FIRST_DAY.plusDays(day) + "', " + user + ", " + user * 10 + ")");
      }
    }
    session.execute("insert into raw.events values " + String.join(", ", rows));
  }

  protected static String eventsOn(LocalDate day) {
    return "select event_date, user_id, amount from raw.events where event_date >= date '"
        + day
        + "' and event_date < date '"
        + day.plusDays(1)
        + "'";
  }

  protected static WriteRequest day(LocalDate day, String sql, long generation) {
    return new WriteRequest(
        AssetName.parse(TARGET),
        Materialization.INCREMENTAL,
        new Partitioning(Grain.DAY, "event_date"),
        PartitionKey.day(day),
        sql,
        generation);
  }

  protected static WriteRequest whole(Materialization materialization, String target, String sql) {
    return new WriteRequest(
        AssetName.parse(target), materialization, Partitioning.NONE, PartitionKey.ALL, sql, 7);
  }

  protected long count(String sql) {
    return ((Number) session.query(sql, 1).rows().get(0).get(0)).longValue();
  }

  /** Rows and amount of each day of the target, in day order. */
  private List<List<Object>> perDay() {
    return session
        .query(
            "select event_date, count(*), cast(sum(amount) as bigint) from "
                + TARGET
                + " group by event_date order by event_date",
            100)
        .rows();
  }

  @Test
  public void anIncrementalWriteReplacesOnlyItsPartition() {
    for (int d = 0; d < 3; d++) {
      session.write(day(FIRST_DAY.plusDays(d), eventsOn(FIRST_DAY.plusDays(d)), 1));
    }
    String fewer =
        eventsOn(FIRST_DAY.plusDays(1))
            .replace("amount from", "amount * 2 as amount from")
            .replace("where", "where user_id < 8 and");

    WriteResult result = session.write(day(FIRST_DAY.plusDays(1), fewer, 2));

    assertThat(result.rows()).isEqualTo(8);
    assertThat(perDay())
        .containsExactly(
            List.of(FIRST_DAY, 20L, 1900L),
            List.of(FIRST_DAY.plusDays(1), 8L, 560L),
            List.of(FIRST_DAY.plusDays(2), 20L, 1900L));
  }

  @Test
  public void writingAPartitionAgainNeverDuplicatesRows() {
    for (int run = 0; run < 3; run++) {
      session.write(day(FIRST_DAY, eventsOn(FIRST_DAY), 1));
    }

    assertThat(count("select count(*) from " + TARGET)).isEqualTo(USERS);
    assertThat(count("select count(distinct user_id) from " + TARGET)).isEqualTo(USERS);
  }

  @Test
  public void aWriteThatFailsHalfWayLeavesThePartitionAsItWas() {
    session.write(day(FIRST_DAY, eventsOn(FIRST_DAY), 1));
    // Fails at run time, on a row in the middle: a cast of text that is no number.
    String failing =
        eventsOn(FIRST_DAY)
            .replace(
                "amount from",
                "case when user_id < 15 then amount else cast(cast(user_id as varchar) || 'x' as"
                    + " bigint) end as amount from");

    TidemarkException failure =
        catchThrowableOfType(
            TidemarkException.class, () -> session.write(day(FIRST_DAY, failing, 2)));

    assertThat(failure).isNotNull();
    assertThat(perDay()).containsExactly(List.of(FIRST_DAY, 20L, 1900L));
  }

  @Test
  public void rowsOutsideThePartitionAreRefusedAndNothingChanges() {
    session.write(day(FIRST_DAY, eventsOn(FIRST_DAY), 1));
    String leaky =
        "select event_date, user_id, amount from raw.events where event_date <= date '"
            + FIRST_DAY.plusDays(1)
            + "'";

    TidemarkException failure =
        catchThrowableOfType(
            TidemarkException.class, () -> session.write(day(FIRST_DAY, leaky, 2)));

    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains("outside");
    assertThat(perDay()).containsExactly(List.of(FIRST_DAY, 20L, 1900L));
  }

  @Test
  public void tablesAndViewsAreReplacedWhole() {
    session.write(
        whole(Materialization.TABLE, "marts.users", "select distinct user_id from raw.events"));
    session.write(
        whole(
            Materialization.VIEW,
            "marts.big_spenders",
            "select user_id from marts.users where user_id >= 15"));
    assertThat(count("select count(*) from marts.big_spenders")).isEqualTo(5);

    session.write(
        whole(
            Materialization.TABLE,
            "marts.users",
            "select distinct user_id, 'x' as tag from raw.events where user_id < 18"));
    session.write(
        whole(
            Materialization.VIEW,
            "marts.big_spenders",
            "select user_id, tag from marts.users where user_id >= 15"));

    assertThat(count("select count(*) from marts.users")).isEqualTo(18);
    assertThat(session.query("select * from marts.big_spenders", 10).columns())
        .containsExactly("user_id", "tag");
  }

  @Test
  public void theCatalogListsEveryRelationWithTheGenerationThatMadeIt() {
    session.write(day(FIRST_DAY, eventsOn(FIRST_DAY), 42));
    session.write(day(FIRST_DAY.plusDays(1), eventsOn(FIRST_DAY.plusDays(1)), 43));
    session.write(whole(Materialization.VIEW, "marts.v", "select 1 as x"));

    var generations = session.tableGenerations();

    assertThat(generations).containsEntry(AssetName.parse(TARGET), 42L);
    assertThat(generations).containsEntry(AssetName.parse("raw.events"), 0L);
    assertThat(generations).containsKey(AssetName.parse("marts.v"));
    assertThat(session.exists(AssetName.parse(TARGET))).isTrue();
    assertThat(session.exists(AssetName.parse("marts.v"))).isTrue();
    assertThat(session.exists(AssetName.parse("marts.nothing"))).isFalse();
    assertThat(session.exists(AssetName.parse("nowhere.nothing"))).isFalse();

    // Asked for some relations, the catalog answers for those that exist, as the full read does.
    var some =
        session.tableGenerations(
            java.util.Set.of(
                AssetName.parse(TARGET),
                AssetName.parse("marts.v"),
                AssetName.parse("marts.nothing")));
    assertThat(some)
        .containsOnlyKeys(AssetName.parse(TARGET), AssetName.parse("marts.v"))
        .containsEntry(AssetName.parse(TARGET), 42L)
        .containsEntry(AssetName.parse("marts.v"), generations.get(AssetName.parse("marts.v")));
    assertThat(session.tableGenerations(java.util.Set.of())).isEmpty();
  }

  /**
   * A table model's catalog entry names the write that made it last, or no write at all (0): an
   * engine may keep generations for incremental tables alone, since each write of a table model is
   * recorded anyway. Never an earlier write's, which would make the state store believe a table
   * that a later write made again.
   */
  @Test
  public void aTableModelIsListedWithTheGenerationOfTheWriteThatMadeItLastOrNone() {
    AssetName users = AssetName.parse("marts.users");
    session.write(tableWrite(users, "select distinct user_id from raw.events", 11));
    assertThat(session.tableGenerations()).containsKey(users);
    assertThat(session.tableGenerations().get(users)).isIn(0L, 11L);

    // Made again by a later write, with other columns.
    session.write(tableWrite(users, "select distinct user_id, 'x' as tag from raw.events", 12));
    assertThat(session.tableGenerations().get(users)).isIn(0L, 12L);
    assertThat(session.tableGenerations(java.util.Set.of(users)))
        .containsOnly(Map.entry(users, session.tableGenerations().get(users)));
  }

  protected static WriteRequest tableWrite(AssetName target, String sql, long generation) {
    return new WriteRequest(
        target, Materialization.TABLE, Partitioning.NONE, PartitionKey.ALL, sql, generation);
  }

  @Test
  public void fingerprintsFollowTheRowsAndNotTheirOrder() {
    for (int d = 0; d < 3; d++) {
      session.write(day(FIRST_DAY.plusDays(d), eventsOn(FIRST_DAY.plusDays(d)), 1));
    }
    TimeRange range = new TimeRange(FIRST_DAY.atStartOfDay(), FIRST_DAY.plusDays(4).atStartOfDay());
    Partitioning partitioning = new Partitioning(Grain.DAY, "event_date");
    List<PartitionFingerprint> before =
        session.fingerprint(AssetName.parse(TARGET), partitioning, range);

    // The same rows written again in the opposite order, one day changed by one value.
    session.write(day(FIRST_DAY, eventsOn(FIRST_DAY) + " order by user_id desc", 2));
    session.write(
        day(
            FIRST_DAY.plusDays(1),
            eventsOn(FIRST_DAY.plusDays(1))
                .replace(
                    "amount from",
                    "case when user_id = 3 then amount + 1 else amount end as amount from"),
            2));
    List<PartitionFingerprint> after =
        session.fingerprint(AssetName.parse(TARGET), partitioning, range);

    assertThat(before).extracting(PartitionFingerprint::rows).containsExactly(20L, 20L, 20L, 0L);
    assertThat(after.get(0)).isEqualTo(before.get(0));
    assertThat(after.get(1).rows()).isEqualTo(20);
    assertThat(after.get(1).hash()).isNotEqualTo(before.get(1).hash());
    assertThat(after.get(2)).isEqualTo(before.get(2));
    assertThat(before.get(0).hash()).isNotEqualTo(before.get(2).hash());
    assertThat(after.get(3).partition()).isEqualTo(PartitionKey.day(FIRST_DAY.plusDays(3)));
  }

  @Test
  public void aDuplicatedRowChangesTheFingerprint() {
    session.write(day(FIRST_DAY, eventsOn(FIRST_DAY), 1));
    TimeRange range = new TimeRange(FIRST_DAY.atStartOfDay(), FIRST_DAY.plusDays(1).atStartOfDay());
    Partitioning partitioning = new Partitioning(Grain.DAY, "event_date");
    PartitionFingerprint once =
        session.fingerprint(AssetName.parse(TARGET), partitioning, range).get(0);

    session.write(
        day(
            FIRST_DAY,
            eventsOn(FIRST_DAY)
                + " union all "
                + eventsOn(FIRST_DAY).replace("where", "where user_id = 0 and"),
            2));
    PartitionFingerprint twice =
        session.fingerprint(AssetName.parse(TARGET), partitioning, range).get(0);

    assertThat(twice.rows()).isEqualTo(21);
    assertThat(twice.hash()).isNotEqualTo(once.hash());
  }

  /**
   * Whether the engine's tables take {@code update} and {@code delete} (Spark's Parquet tables do
   * not): the cases that change rows in place run only where they can.
   */
  protected boolean updatesRowsInPlace() {
    return true;
  }

  @Test
  public void aWriteRecordsTheContentHashThatFingerprintingFindsUntilTheRowsChange() {
    TimeRange range = new TimeRange(FIRST_DAY.atStartOfDay(), FIRST_DAY.plusDays(2).atStartOfDay());
    Partitioning partitioning = new Partitioning(Grain.DAY, "event_date");
    // The first write makes the table, the second inserts into it.
    WriteResult first = session.write(day(FIRST_DAY, eventsOn(FIRST_DAY), 1));
    WriteResult second =
        session.write(day(FIRST_DAY.plusDays(1), eventsOn(FIRST_DAY.plusDays(1)), 1));
    WriteResult table =
        session.write(
            whole(Materialization.TABLE, "marts.users", "select distinct user_id from raw.events"));

    List<PartitionFingerprint> found =
        session.fingerprint(AssetName.parse(TARGET), partitioning, range);
    assertThat(first.contentHash()).isNotEmpty().isEqualTo(found.get(0).hash());
    assertThat(second.contentHash()).isEqualTo(found.get(1).hash());
    assertThat(table.contentHash())
        .isEqualTo(
            session
                .fingerprint(AssetName.parse("marts.users"), Partitioning.NONE, range)
                .get(0)
                .hash());

    if (!updatesRowsInPlace()) {
      return;
    }
    // The same count of rows, one value updated in place: only that day's hash moves.
    session.execute(
        "update "
            + TARGET
            + " set amount = amount + 1 where event_date = date '"
            + FIRST_DAY.plusDays(1)
            + "' and user_id = 4");
    List<PartitionFingerprint> updated =
        session.fingerprint(AssetName.parse(TARGET), partitioning, range);
    assertThat(updated.get(0).hash()).isEqualTo(first.contentHash());
    assertThat(updated.get(1).rows()).isEqualTo(second.rows());
    assertThat(updated.get(1).hash()).isNotEqualTo(second.contentHash());

    // Deleted and inserted again as they were: the hash the write recorded holds again.
    session.execute(
        "update "
            + TARGET
            + " set amount = amount - 1 where event_date = date '"
            + FIRST_DAY.plusDays(1)
            + "' and user_id = 4");
    session.execute("create table raw.saved as select * from " + TARGET);
    session.execute("delete from " + TARGET);
    session.execute("insert into " + TARGET + " select * from raw.saved order by user_id desc");
    assertThat(session.fingerprint(AssetName.parse(TARGET), partitioning, range))
        .extracting(PartitionFingerprint::hash)
        .containsExactly(first.contentHash(), second.contentHash());
  }

  @Test
  public void aBatchRecordsTheContentHashOfEachOfItsPartitions() {
    assumeTrue(session.writesBatches(), "this engine writes partitions one by one");
    session.write(day(FIRST_DAY, eventsOn(FIRST_DAY), 1));
    String threeDays =
        "select event_date, user_id, amount from raw.events where event_date >= date '"
            + FIRST_DAY
            + "' and event_date < date '"
            + FIRST_DAY.plusDays(3)
            + "' and (event_date <> date '"
            + FIRST_DAY.plusDays(1)
            + "')";
    List<WriteResult> written =
        session.writeBatch(
            new WriteRequest(
                AssetName.parse(TARGET),
                Materialization.INCREMENTAL,
                new Partitioning(Grain.DAY, "event_date"),
                PartitionKey.day(FIRST_DAY),
                threeDays,
                2,
                3));

    List<PartitionFingerprint> found =
        session.fingerprint(
            AssetName.parse(TARGET),
            new Partitioning(Grain.DAY, "event_date"),
            new TimeRange(FIRST_DAY.atStartOfDay(), FIRST_DAY.plusDays(3).atStartOfDay()));
    assertThat(written).extracting(WriteResult::rows).containsExactly(20L, 0L, 20L);
    assertThat(written)
        .extracting(WriteResult::contentHash)
        .containsExactlyElementsOf(found.stream().map(PartitionFingerprint::hash).toList());
    assertThat(written.get(0).contentHash()).isNotEqualTo(written.get(2).contentHash());
  }

  /**
   * A model that makes its day of a bound, as a rolling count does: distinct users of the two days
   * up to {@code day}, ending in a line comment and a semicolon.
   */
  private static String usersOfTwoDaysTo(LocalDate day) {
    return "select date '"
        + day
        + "' as event_date, count(distinct user_id) as users, sum(amount) as amount"
        + " from raw.events where event_date > date '"
        + day
        + "' - 2 and event_date <= date '"
        + day
        + "' -- two days\n;\n";
  }

  private static WriteRequest partitionWise(String target, LocalDate first, List<String> selects) {
    return WriteRequest.partitionWise(
        AssetName.parse(target),
        new Partitioning(Grain.DAY, "event_date"),
        PartitionKey.day(first),
        selects,
        3);
  }

  @Test
  public void aBatchBuiltPartitionByPartitionEqualsItsPartitionsWrittenOneAtATime() {
    assumeTrue(session.writesBatches(), "this engine writes partitions one by one");
    List<WriteResult> oneByOne = new ArrayList<>();
    List<String> selects = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      LocalDate day = FIRST_DAY.plusDays(d);
      selects.add(usersOfTwoDaysTo(day));
      oneByOne.add(
          session.write(
              new WriteRequest(
                  AssetName.parse("marts.one_by_one"),
                  Materialization.INCREMENTAL,
                  new Partitioning(Grain.DAY, "event_date"),
                  PartitionKey.day(day),
                  usersOfTwoDaysTo(day),
                  3)));
    }
    // Created by the batch, then replaced by it.
    List<WriteResult> created =
        session.writeBatch(partitionWise("marts.batched", FIRST_DAY, selects));
    List<WriteResult> replaced =
        session.writeBatch(
            partitionWise("marts.batched", FIRST_DAY.plusDays(1), selects.subList(1, DAYS)));

    String rows = "select event_date, users, amount from %s order by all";
    assertThat(session.query(rows.formatted("marts.batched"), 100).rows())
        .hasSize(DAYS)
        .isEqualTo(session.query(rows.formatted("marts.one_by_one"), 100).rows());
    assertThat(created)
        .extracting(WriteResult::rows, WriteResult::bytesWritten, WriteResult::contentHash)
        .containsExactlyElementsOf(
            oneByOne.stream()
                .map(w -> tuple(w.rows(), w.bytesWritten(), w.contentHash()))
                .toList());
    assertThat(replaced)
        .extracting(WriteResult::contentHash)
        .containsExactlyElementsOf(
            oneByOne.subList(1, DAYS).stream().map(WriteResult::contentHash).toList());
  }

  @Test
  public void aRowInAnotherPartitionOfItsBatchFailsTheBatchAndChangesNothing() {
    assumeTrue(session.writesBatches(), "this engine writes partitions one by one");
    List<String> selects = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      selects.add(usersOfTwoDaysTo(FIRST_DAY.plusDays(d)));
    }
    session.writeBatch(partitionWise(TARGET, FIRST_DAY, selects));
    List<List<Object>> before =
        session.query("select * from " + TARGET + " order by all", 100).rows();

    // The second day's select writes the third day: inside the batch's span, not its partition.
    List<String> stray = new ArrayList<>(selects);
    stray.set(
        1,
        usersOfTwoDaysTo(FIRST_DAY.plusDays(1))
            .replaceFirst(
                "date '" + FIRST_DAY.plusDays(1) + "' as event_date",
                "date '" + FIRST_DAY.plusDays(2) + "' as event_date"));

    assertThatThrownBy(() -> session.writeBatch(partitionWise(TARGET, FIRST_DAY, stray)))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining(
            "model " + TARGET + " wrote a row outside partition " + FIRST_DAY.plusDays(1));
    assertThat(session.query("select * from " + TARGET + " order by all", 100).rows())
        .isEqualTo(before);
  }

  @Test
  public void anUnpartitionedTableHasOneFingerprintForAllItsRows() {
    TimeRange range = new TimeRange(FIRST_DAY.atStartOfDay(), FIRST_DAY.plusDays(1).atStartOfDay());

    List<PartitionFingerprint> all =
        session.fingerprint(AssetName.parse("raw.events"), Partitioning.NONE, range);

    assertThat(all).hasSize(1);
    assertThat(all.get(0).partition()).isEqualTo(PartitionKey.ALL);
    assertThat(all.get(0).rows()).isEqualTo(DAYS * USERS);
  }

  @Test
  public void checksJudgeTheRowsOfOnePartition() {
    session.write(day(FIRST_DAY, eventsOn(FIRST_DAY), 1));
    session.write(
        day(
            FIRST_DAY.plusDays(1),
            eventsOn(FIRST_DAY.plusDays(1))
                + " union all "
                + eventsOn(FIRST_DAY.plusDays(1)).replace("where", "where user_id = 0 and"),
            1));
    Asset asset =
        new Asset(
            AssetName.parse(TARGET),
            AssetKind.MODEL,
            "",
            "",
            List.of(),
            List.of(),
            Materialization.INCREMENTAL,
            new Partitioning(Grain.DAY, "event_date"),
            "",
            "",
            FIRST_DAY,
            List.of(),
            "select 1",
            new SourceLocation(Path.of("models/staging/daily_events.sql"), 1));
    SourceLocation line = new SourceLocation(Path.of("models/staging/staging.yml"), 1);
    List<String> accepted = new ArrayList<>();
    for (int user = 0; user < USERS - 1; user++) {
      accepted.add(String.valueOf(user));
    }
    List<Check> checks =
        List.of(
            new Check.NotNull("not_null_user", Severity.ERROR, line, "user_id"),
            new Check.Unique("unique_user", Severity.ERROR, line, List.of("user_id")),
            new Check.AcceptedValues("known_user", Severity.WARN, line, "user_id", accepted));
    CheckEvaluator evaluator = CheckEvaluator.standard(Clock.systemUTC(), name -> asset);

    List<CheckResult> first =
        evaluator.evaluate(
            session, asset, checks, PartitionKey.day(FIRST_DAY), 1, RowHistory.empty(asset), null);
    List<CheckResult> second =
        evaluator.evaluate(
            session,
            asset,
            checks,
            PartitionKey.day(FIRST_DAY.plusDays(1)),
            1,
            RowHistory.empty(asset),
            null);

    assertThat(first)
        .extracting(CheckResult::status)
        .containsExactly(CheckStatus.PASS, CheckStatus.PASS, CheckStatus.WARN);
    assertThat(second)
        .extracting(CheckResult::status)
        .containsExactly(CheckStatus.PASS, CheckStatus.FAIL, CheckStatus.WARN);
    assertThat(second.get(1).observed()).isEqualTo("1");
  }

  @Test
  public void valuesComeBackAsPlainJavaTypes() {
    QueryResult result =
        session.query(
            "select cast(1 as integer) as i, cast(2 as bigint) as l, cast(1.5 as decimal(4, 2)) as"
                + " d, 'text' as s, true as b, date '2024-01-02' as day, cast(null as bigint) as n",
            1);

    assertThat(result.columns()).containsExactly("i", "l", "d", "s", "b", "day", "n");
    assertThat(result.rows().get(0))
        .containsExactly(
            1L, 2L, new BigDecimal("1.50"), "text", true, LocalDate.of(2024, 1, 2), null);
  }

  @Test
  public void bindingNamesAColumnThatDoesNotExistWithoutRunning() {
    assertThat(session.bind(day(FIRST_DAY, eventsOn(FIRST_DAY), 1))).isEmpty();

    assertThat(
            session.bind(
                day(FIRST_DAY, eventsOn(FIRST_DAY).replace("amount from", "amount, nope from"), 1)))
        .hasValueSatisfying(problem -> assertThat(problem).contains("nope"));
    assertThat(session.exists(AssetName.parse(TARGET))).isFalse();
  }

  @Test
  public void theDialectQuotesWhatTheEngineReads() {
    var dialect = session.dialect();
    session.execute(dialect.createSchemaIfNotExists("odd"));
    session.execute(
        "create table "
            + dialect.relation(AssetName.of("odd", "order"))
            + " as select "
            + dialect.string("it's")
            + " as "
            + dialect.identifier("group")
            + ", "
            + dialect.addDays(dialect.date(FIRST_DAY), -1)
            + " as "
            + dialect.identifier("day"));

    QueryResult result =
        session.query(
            "select "
                + dialect.identifier("group")
                + ", "
                + dialect.castToText(dialect.identifier("day"))
                + " from "
                + dialect.relation(AssetName.of("odd", "order"))
                + " where "
                + dialect.partitionPredicate("day", PartitionKey.day(FIRST_DAY.minusDays(1))),
            1);

    assertThat(result.rows()).containsExactly(List.of("it's", "2023-12-31"));
  }
}
