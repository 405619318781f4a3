package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.TestData.FIRST_DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.warehouse.PartitionFingerprint;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What changes a fingerprint and what does not: order, duplicates, values, nulls, names. */
class FingerprintTest extends FingerprintFixture {
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
}
