package io.tidemark.warehouse.duckdb;

import static io.tidemark.warehouse.duckdb.TestData.FIRST_DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.warehouse.PartitionFingerprint;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * An events table in a DuckDB file, and helpers to read fingerprints, for the fingerprint tests.
 */
abstract class FingerprintFixture {
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

  List<PartitionFingerprint> daily(String table) {
    return session.fingerprint(AssetName.parse(table), DAILY, FIVE_DAYS);
  }

  Object firstUser(String table) {
    return session.query("SELECT user_id FROM " + table + " LIMIT 1", 1).rows().get(0).get(0);
  }

  static LocalDateTime at(String text) {
    return LocalDateTime.parse(text);
  }

  static List<String> keys(List<PartitionFingerprint> fingerprints) {
    return fingerprints.stream().map(f -> f.partition().toString()).toList();
  }

  static List<Long> rows(List<PartitionFingerprint> fingerprints) {
    return fingerprints.stream().map(PartitionFingerprint::rows).toList();
  }

  static List<String> hashes(List<PartitionFingerprint> fingerprints) {
    return fingerprints.stream().map(PartitionFingerprint::hash).toList();
  }

  /** The positions at which the two lists hold equal fingerprints. */
  static List<Integer> unchanged(
      List<PartitionFingerprint> before, List<PartitionFingerprint> after) {
    assertThat(keys(after)).isEqualTo(keys(before));
    return java.util.stream.IntStream.range(0, before.size())
        .filter(i -> before.get(i).equals(after.get(i)))
        .boxed()
        .toList();
  }
}
