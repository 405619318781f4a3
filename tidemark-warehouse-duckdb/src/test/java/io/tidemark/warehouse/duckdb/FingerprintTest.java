package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.TestData.FIRST_DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.warehouse.PartitionFingerprint;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {
  static final AssetName EVENTS = AssetName.parse("raw.events");
  static final Partitioning DAILY = new Partitioning(Grain.DAY, "event_date");
  static final TimeRange FIVE_DAYS = TimeRange.ofDays(FIRST_DAY, FIRST_DAY.plusDays(4));
  static final LocalDate DAY_2 = FIRST_DAY.plusDays(1);
  static final LocalDate DAY_3 = FIRST_DAY.plusDays(2);

  @TempDir Path directory;
  DuckDbWarehouse warehouse;
  DuckDbSession session;

  @BeforeEach
  void open() {
    warehouse = DuckDbWarehouse.open(directory.resolve("warehouse.duckdb"));
    session = warehouse.openSession();
    TestData.events(session, 5, 100);
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void eachPartitionInTheRangeGetsItsRowCountAndAHash() {
    List<PartitionFingerprint> fingerprints = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    assertThat(keys(fingerprints))
        .containsExactly("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05");
    assertThat(rows(fingerprints)).containsOnly(100L);
    assertThat(hashes(fingerprints)).doesNotHaveDuplicates().allMatch(h -> h.length() == 32);
    assertThat(fingerprints.get(0).version()).matches("rows=100;hash=[0-9a-f]{32}");
  }

  @Test
  void sameRowsInAnotherOrderGiveTheSameFingerprint() {
    session.execute(
        "CREATE TABLE raw.shuffled AS SELECT * FROM raw.events ORDER BY amount DESC, event_date"
            + " DESC");
    session.execute("CREATE TABLE raw.random AS SELECT * FROM raw.events ORDER BY random()");
    assertThat(firstUser("raw.shuffled")).isNotEqualTo(firstUser("raw.events"));

    List<PartitionFingerprint> original = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    assertThat(daily("raw.shuffled")).isEqualTo(original);
    assertThat(daily("raw.random")).isEqualTo(original);
  }

  @Test
  void sameRowsGiveTheSameFingerprintAfterReopeningTheWarehouse() {
    List<PartitionFingerprint> before = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);
    warehouse.close();

    warehouse = DuckDbWarehouse.open(directory.resolve("warehouse.duckdb"));
    session = warehouse.openSession();

    assertThat(session.fingerprint(EVENTS, DAILY, FIVE_DAYS)).isEqualTo(before);
  }

  @Test
  void loadingEveryRowTwiceDoublesTheCountAndChangesTheHash() {
    List<PartitionFingerprint> before = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    session.execute("INSERT INTO raw.events SELECT * FROM raw.events");
    List<PartitionFingerprint> after = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    assertThat(rows(after)).containsOnly(200L);
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i).hash()).isNotEqualTo(before.get(i).hash());
    }
  }

  @Test
  void duplicatingOneRowChangesTheHash() {
    List<PartitionFingerprint> before = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    session.execute(
        "INSERT INTO raw.events SELECT * FROM raw.events WHERE event_date = DATE '"
            + DAY_2
            + "' AND user_id = 5");

    List<PartitionFingerprint> after = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);
    assertThat(rows(after)).containsExactly(100L, 101L, 100L, 100L, 100L);
    assertThat(after.get(1).hash()).isNotEqualTo(before.get(1).hash());
    assertThat(unchanged(before, after)).containsExactly(0, 2, 3, 4);
  }

  @Test
  void rowsOfZerosStillChangeTheHashWhenDuplicated() {
    // DuckDB hashes a zero, and a row of zeros, to 0: summed bare, such rows would add nothing.
    session.execute(
        "CREATE TABLE raw.zeros AS SELECT 0 AS n, 0.0::DOUBLE AS x, DATE '1970-01-01' AS day"
            + " FROM range(3)");
    AssetName zeros = AssetName.parse("raw.zeros");
    String before = session.fingerprint(zeros, Partitioning.NONE, FIVE_DAYS).get(0).hash();

    session.execute("INSERT INTO raw.zeros SELECT * FROM raw.zeros");

    assertThat(session.fingerprint(zeros, Partitioning.NONE, FIVE_DAYS).get(0).hash())
        .isNotEqualTo(before)
        .isNotEqualTo(Fingerprints.EMPTY_HASH);
  }

  @Test
  void changingOneValueChangesTheHashOfThatPartitionOnly() {
    List<PartitionFingerprint> before = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    session.execute(
        "UPDATE raw.events SET amount = amount + 1 WHERE event_date = DATE '"
            + DAY_2
            + "' AND user_id = 42");
    List<PartitionFingerprint> changed = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    assertThat(rows(changed)).containsOnly(100L);
    assertThat(changed.get(1).hash()).isNotEqualTo(before.get(1).hash());
    assertThat(unchanged(before, changed)).containsExactly(0, 2, 3, 4);

    session.execute(
        "UPDATE raw.events SET amount = amount - 1 WHERE event_date = DATE '"
            + DAY_2
            + "' AND user_id = 42");
    assertThat(session.fingerprint(EVENTS, DAILY, FIVE_DAYS)).isEqualTo(before);
  }

  @Test
  void aValueBecomingNullChangesTheHash() {
    List<PartitionFingerprint> before = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    session.execute(
        "UPDATE raw.events SET user_id = NULL WHERE event_date = DATE '"
            + DAY_3
            + "' AND user_id = 0");
    List<PartitionFingerprint> nulled = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);
    session.execute(
        "UPDATE raw.events SET amount = NULL WHERE event_date = DATE '"
            + DAY_3
            + "' AND user_id IS NULL");
    List<PartitionFingerprint> bothNull = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    assertThat(nulled.get(2).hash()).isNotEqualTo(before.get(2).hash());
    assertThat(bothNull.get(2).hash())
        .isNotEqualTo(before.get(2).hash())
        .isNotEqualTo(nulled.get(2).hash());
    assertThat(unchanged(before, bothNull)).containsExactly(0, 1, 3, 4);
  }

  @Test
  void swappingValuesBetweenRowsChangesTheHash() {
    List<PartitionFingerprint> before = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    // The multiset of amounts in the partition stays the same; only the rows they belong to change.
    session.execute(
        "UPDATE raw.events SET amount = CASE user_id WHEN 3 THEN 40 ELSE 30 END"
            + " WHERE event_date = DATE '"
            + DAY_2
            + "' AND user_id IN (3, 4)");

    List<PartitionFingerprint> after = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);
    assertThat(after.get(1).rows()).isEqualTo(100);
    assertThat(after.get(1).hash()).isNotEqualTo(before.get(1).hash());
    assertThat(unchanged(before, after)).containsExactly(0, 2, 3, 4);
  }

  @Test
  void deletingRowsChangesCountAndHash() {
    List<PartitionFingerprint> before = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    session.execute(
        "DELETE FROM raw.events WHERE event_date = DATE '" + DAY_3 + "' AND user_id < 10");

    List<PartitionFingerprint> after = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);
    assertThat(rows(after)).containsExactly(100L, 100L, 90L, 100L, 100L);
    assertThat(after.get(2).hash()).isNotEqualTo(before.get(2).hash());
    assertThat(unchanged(before, after)).containsExactly(0, 1, 3, 4);
  }

  @Test
  void emptyPartitionsInTheRangeHaveNoRowsAndAllTheSameHash() {
    session.execute("DELETE FROM raw.events WHERE event_date = DATE '" + DAY_3 + "'");
    TimeRange wider = TimeRange.ofDays(FIRST_DAY.minusDays(2), FIRST_DAY.plusDays(6));

    List<PartitionFingerprint> fingerprints = session.fingerprint(EVENTS, DAILY, wider);

    assertThat(keys(fingerprints))
        .containsExactly(
            "2023-12-30",
            "2023-12-31",
            "2024-01-01",
            "2024-01-02",
            "2024-01-03",
            "2024-01-04",
            "2024-01-05",
            "2024-01-06",
            "2024-01-07");
    assertThat(rows(fingerprints)).containsExactly(0L, 0L, 100L, 100L, 0L, 100L, 100L, 0L, 0L);
    List<String> emptyHashes =
        fingerprints.stream().filter(f -> f.rows() == 0).map(PartitionFingerprint::hash).toList();
    assertThat(emptyHashes).hasSize(5).containsOnly(Fingerprints.EMPTY_HASH);
    assertThat(fingerprints.stream().filter(f -> f.rows() > 0).map(PartitionFingerprint::hash))
        .doesNotContain(Fingerprints.EMPTY_HASH);
  }

  @Test
  void emptyTablesAreFingerprintedLikeEmptyPartitions() {
    session.execute("CREATE TABLE raw.nothing (event_date DATE, id BIGINT)");
    AssetName nothing = AssetName.parse("raw.nothing");

    assertThat(session.fingerprint(nothing, DAILY, FIVE_DAYS))
        .hasSize(5)
        .allSatisfy(
            f -> assertThat(f.version()).isEqualTo("rows=0;hash=" + Fingerprints.EMPTY_HASH));
    assertThat(session.fingerprint(nothing, Partitioning.NONE, FIVE_DAYS))
        .containsExactly(new PartitionFingerprint(PartitionKey.ALL, 0, Fingerprints.EMPTY_HASH));
  }

  @Test
  void hourAndMonthPartitionsOfATimestampColumn() {
    session.execute(
        "CREATE TABLE raw.clicks AS SELECT TIMESTAMP '2024-01-31 22:00:00' + INTERVAL (m) MINUTE AS"
            + " clicked_at, m AS id FROM range(180) t(m)");
    AssetName clicks = AssetName.parse("raw.clicks");
    TimeRange hours = new TimeRange(at("2024-01-31T21:00"), at("2024-02-01T02:00"));
    TimeRange months = new TimeRange(at("2024-01-01T00:00"), at("2024-03-01T00:00"));

    List<PartitionFingerprint> hourly =
        session.fingerprint(clicks, new Partitioning(Grain.HOUR, "clicked_at"), hours);
    List<PartitionFingerprint> monthly =
        session.fingerprint(clicks, new Partitioning(Grain.MONTH, "clicked_at"), months);

    assertThat(keys(hourly))
        .containsExactly(
            "2024-01-31T21", "2024-01-31T22", "2024-01-31T23", "2024-02-01T00", "2024-02-01T01");
    assertThat(rows(hourly)).containsExactly(0L, 60L, 60L, 60L, 0L);
    assertThat(hourly.get(1).partition().grain()).isEqualTo(Grain.HOUR);
    assertThat(keys(monthly)).containsExactly("2024-01", "2024-02");
    assertThat(rows(monthly)).containsExactly(120L, 60L);
    assertThat(monthly.get(1).hash()).isEqualTo(hourly.get(3).hash());
  }

  @Test
  void onlyPartitionsWhollyInsideTheRangeAreFingerprinted() {
    TimeRange cut = new TimeRange(at("2024-01-01T12:00"), at("2024-01-03T06:00"));

    assertThat(keys(session.fingerprint(EVENTS, DAILY, cut))).containsExactly("2024-01-02");
    assertThat(
            session.fingerprint(
                EVENTS, DAILY, new TimeRange(at("2024-01-02T01:00"), at("2024-01-02T23:00"))))
        .isEmpty();
  }

  @Test
  void unpartitionedTableIsOneFingerprintOfTheWholeTable() {
    session.execute("INSERT INTO raw.events VALUES (NULL, 1, 10), (DATE '2030-01-01', 2, 20)");

    List<PartitionFingerprint> whole =
        session.fingerprint(EVENTS, Partitioning.NONE, TimeRange.ofDays(DAY_2, DAY_2));

    assertThat(whole)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.partition()).isEqualTo(PartitionKey.ALL);
              assertThat(f.rows()).isEqualTo(502);
            });
    session.execute("UPDATE raw.events SET amount = 11 WHERE event_date IS NULL");
    assertThat(session.fingerprint(EVENTS, Partitioning.NONE, FIVE_DAYS).get(0).hash())
        .isNotEqualTo(whole.get(0).hash());
  }

  @Test
  void rowsOutsideTheRangeOrWithNoPartitionAreIgnored() {
    TimeRange days2to3 = TimeRange.ofDays(DAY_2, DAY_3);
    List<PartitionFingerprint> before = session.fingerprint(EVENTS, DAILY, days2to3);

    session.execute(
        "INSERT INTO raw.events VALUES (NULL, 1, 10), (NULL, 2, 20), (DATE '"
            + FIRST_DAY
            + "', 1000, 1), (DATE '"
            + DAY_3.plusDays(1)
            + "', 1000, 1), (DATE '1999-01-01', 3, 3)");

    assertThat(session.fingerprint(EVENTS, DAILY, days2to3)).isEqualTo(before);
  }

  @Test
  void dateAndTimestampColumnsArePartitionedAlike() {
    session.execute(
        "CREATE TABLE raw.timed AS SELECT event_date + INTERVAL (user_id * 14) MINUTE AS event_date,"
            + " user_id, amount FROM raw.events");
    // Either side of a boundary.
    session.execute(
        "INSERT INTO raw.timed VALUES (TIMESTAMP '2024-01-02 00:00:00', -1, 0),"
            + " (TIMESTAMP '2024-01-01 23:59:59.999999', -2, 0)");
    session.execute(
        "INSERT INTO raw.events VALUES (DATE '2024-01-02', -1, 0), (DATE '2024-01-01', -2, 0)");

    List<PartitionFingerprint> dates = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);
    List<PartitionFingerprint> timestamps =
        session.fingerprint(AssetName.parse("raw.timed"), DAILY, FIVE_DAYS);

    assertThat(keys(timestamps)).isEqualTo(keys(dates));
    assertThat(rows(timestamps))
        .isEqualTo(rows(dates))
        .containsExactly(101L, 101L, 100L, 100L, 100L);
    // Other values, so other hashes.
    assertThat(hashes(timestamps)).doesNotContainAnyElementsOf(hashes(dates));
  }

  @Test
  void timestampWithTimeZoneColumnsArePartitionedInUtc() {
    session.execute("SET TimeZone = 'America/New_York'");
    // 02:00 UTC on the 2nd is still the 1st in New York.
    session.execute(
        "CREATE TABLE raw.seen AS SELECT * FROM (VALUES (TIMESTAMPTZ '2024-01-02 02:00:00+00', 1),"
            + " (TIMESTAMPTZ '2024-01-02 23:59:59+00', 2), (TIMESTAMPTZ '2024-01-01 23:00:00+00', 3),"
            + " (TIMESTAMPTZ '2024-01-03 00:00:00+00', 4)) v(seen_at, id)");
    AssetName seen = AssetName.parse("raw.seen");

    List<PartitionFingerprint> days =
        session.fingerprint(
            seen, new Partitioning(Grain.DAY, "seen_at"), TimeRange.ofDays(FIRST_DAY, DAY_2));
    List<PartitionFingerprint> hours =
        session.fingerprint(
            seen,
            new Partitioning(Grain.HOUR, "seen_at"),
            new TimeRange(at("2024-01-02T02:00"), at("2024-01-02T03:00")));

    assertThat(keys(days)).containsExactly("2024-01-01", "2024-01-02");
    assertThat(rows(days)).containsExactly(1L, 2L);
    assertThat(rows(hours)).containsExactly(1L);
  }

  @Test
  void nanosecondTimestampsJustBeforeABoundaryStayInTheirPartition() {
    session.execute(
        "CREATE TABLE raw.precise AS SELECT * FROM (VALUES"
            + " (TIMESTAMP_NS '1969-12-31 23:59:59.999999999', 1),"
            + " (TIMESTAMP_NS '1969-12-31 00:00:00.000000001', 2),"
            + " (TIMESTAMP_NS '1970-01-01 00:00:00', 3),"
            + " (TIMESTAMP_NS '2024-01-01 23:59:59.999999999', 4)) v(at_ns, id)");
    AssetName precise = AssetName.parse("raw.precise");

    List<PartitionFingerprint> days =
        session.fingerprint(
            precise,
            new Partitioning(Grain.DAY, "at_ns"),
            TimeRange.ofDays(LocalDate.of(1969, 12, 31), LocalDate.of(1970, 1, 1)));
    List<PartitionFingerprint> lateDays =
        session.fingerprint(
            precise, new Partitioning(Grain.DAY, "at_ns"), TimeRange.ofDays(FIRST_DAY, DAY_2));

    assertThat(rows(days)).containsExactly(2L, 1L);
    assertThat(rows(lateDays)).containsExactly(1L, 0L);
  }

  @Test
  void columnOrderDoesNotMatterButColumnNamesDo() {
    session.execute(
        "CREATE TABLE raw.reordered AS SELECT amount, user_id, event_date AS EVENT_DATE FROM"
            + " raw.events");
    List<PartitionFingerprint> original = session.fingerprint(EVENTS, DAILY, FIVE_DAYS);

    assertThat(daily("raw.reordered")).isEqualTo(original);

    session.execute("ALTER TABLE raw.reordered RENAME COLUMN amount TO total");
    assertThat(hashes(daily("raw.reordered"))).doesNotContainAnyElementsOf(hashes(original));
  }

  @Test
  void quotedAndKeywordColumnNamesWork() {
    session.execute(
        "CREATE TABLE raw.odd AS SELECT event_date AS \"order\", user_id AS \"group\","
            + " amount AS \"it's \"\"odd\"\"\", event_date AS partition_start FROM raw.events");

    List<PartitionFingerprint> fingerprints =
        session.fingerprint(
            AssetName.parse("raw.odd"), new Partitioning(Grain.DAY, "order"), FIVE_DAYS);

    assertThat(rows(fingerprints)).containsOnly(100L);
  }

  @Test
  void missingTableIsNotFound() {
    assertThatThrownBy(() -> session.fingerprint(AssetName.parse("raw.missing"), DAILY, FIVE_DAYS))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
              assertThat(e.getMessage())
                  .isEqualTo("table raw.missing does not exist in the warehouse");
            });
    assertThatThrownBy(
            () ->
                session.fingerprint(
                    AssetName.parse("nowhere.events"), Partitioning.NONE, FIVE_DAYS))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void missingOrNonTimePartitionColumnIsAProjectError() {
    assertThatThrownBy(
            () -> session.fingerprint(EVENTS, new Partitioning(Grain.DAY, "event_day"), FIVE_DAYS))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PROJECT);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "table raw.events has no column event_day, its partition column (it has"
                          + " event_date, user_id, amount)");
            });
    assertThatThrownBy(
            () -> session.fingerprint(EVENTS, new Partitioning(Grain.DAY, "user_id"), FIVE_DAYS))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PROJECT);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "partition column user_id of table raw.events is BIGINT; it must be a DATE or"
                          + " TIMESTAMP");
            });
  }

  @Test
  void engineErrorsAreWarehouseErrors() {
    // A view that binds, so its columns can be looked up, but fails when read.
    session.execute(
        "CREATE VIEW raw.broken AS SELECT CAST(s AS INTEGER) AS x FROM (VALUES ('x')) v(s)");

    assertThatThrownBy(
            () -> session.fingerprint(AssetName.parse("raw.broken"), Partitioning.NONE, FIVE_DAYS))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WAREHOUSE));
  }

  @Test
  void knownRowsHaveAPinnedFingerprint() {
    // Recorded versions are compared across processes and releases: this pins the hash, so a change
    // of the query or of DuckDB's hash function shows up here rather than as every partition of
    // every source looking changed.
    session.execute(
        "CREATE TABLE raw.pinned AS SELECT * FROM (VALUES (DATE '2024-01-01', 1, 'a', 1.5::DOUBLE),"
            + " (DATE '2024-01-01', 2, NULL, NULL), (DATE '2024-01-02', 3, 'c', 0.0)) v(day, id,"
            + " label, score)");
    AssetName pinned = AssetName.parse("raw.pinned");

    List<String> versions =
        session
            .fingerprint(
                pinned, new Partitioning(Grain.DAY, "day"), TimeRange.ofDays(FIRST_DAY, DAY_2))
            .stream()
            .map(PartitionFingerprint::version)
            .toList();

    assertThat(versions)
        .containsExactly(
            "rows=2;hash=00000000000000015b0ef45e2a1dfbf6",
            "rows=1;hash=0000000000000000548c4239e65c6c9e");
  }

  @Test
  void aMillionRowTableIsFingerprintedInOneQuery() {
    session.execute(
        "CREATE TABLE raw.big AS SELECT TIMESTAMP '2024-01-01' + to_seconds(i * 2) AS ts, i AS id,"
            + " 'name ' || i AS label, i % 7 AS bucket FROM range(1000000) r(i)");
    AssetName big = AssetName.parse("raw.big");
    TimeRange january = TimeRange.ofDays(FIRST_DAY, LocalDate.of(2024, 1, 31));

    List<PartitionFingerprint> days =
        session.fingerprint(big, new Partitioning(Grain.DAY, "ts"), january);
    List<PartitionFingerprint> hours =
        session.fingerprint(big, new Partitioning(Grain.HOUR, "ts"), january);

    assertThat(days).hasSize(31);
    assertThat(days.stream().mapToLong(PartitionFingerprint::rows).sum()).isEqualTo(1_000_000);
    assertThat(days.get(0).rows()).isEqualTo(43_200);
    assertThat(hours).hasSize(31 * 24);
    assertThat(hours.stream().mapToLong(PartitionFingerprint::rows).sum()).isEqualTo(1_000_000);
    assertThat(hours.get(0).rows()).isEqualTo(1_800);
  }

  private List<PartitionFingerprint> daily(String table) {
    return session.fingerprint(AssetName.parse(table), DAILY, FIVE_DAYS);
  }

  private Object firstUser(String table) {
    return session.query("SELECT user_id FROM " + table + " LIMIT 1", 1).rows().get(0).get(0);
  }

  private static LocalDateTime at(String text) {
    return LocalDateTime.parse(text);
  }

  private static List<String> keys(List<PartitionFingerprint> fingerprints) {
    return fingerprints.stream().map(f -> f.partition().toString()).toList();
  }

  private static List<Long> rows(List<PartitionFingerprint> fingerprints) {
    return fingerprints.stream().map(PartitionFingerprint::rows).toList();
  }

  private static List<String> hashes(List<PartitionFingerprint> fingerprints) {
    return fingerprints.stream().map(PartitionFingerprint::hash).toList();
  }

  /** The positions at which the two lists hold equal fingerprints. */
  private static List<Integer> unchanged(
      List<PartitionFingerprint> before, List<PartitionFingerprint> after) {
    assertThat(keys(after)).isEqualTo(keys(before));
    return java.util.stream.IntStream.range(0, before.size())
        .filter(i -> before.get(i).equals(after.get(i)))
        .boxed()
        .toList();
  }
}
