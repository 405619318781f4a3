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
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rows make which partition's fingerprint, for every grain and column type; and errors. */
class FingerprintPartitionsTest extends FingerprintFixture {
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
  void engineErrorsOfTheQueryAreQueryErrors() {
    // A view that binds, so its columns can be looked up, but fails when read.
    session.execute(
        "CREATE VIEW raw.broken AS SELECT CAST(s AS INTEGER) AS x FROM (VALUES ('x')) v(s)");

    assertThatThrownBy(
            () -> session.fingerprint(AssetName.parse("raw.broken"), Partitioning.NONE, FIVE_DAYS))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY));
  }
}
