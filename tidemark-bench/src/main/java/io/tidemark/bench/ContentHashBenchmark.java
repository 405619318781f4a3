package io.tidemark.bench;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What recording a content hash costs each write: the same partition writes through {@link
 * WarehouseSession}, in sessions with the hash on and off ({@code -Dtidemark.write.content_hash}),
 * alternating which goes first each round within one JVM, so that load on the machine falls on both
 * alike. Three kinds of write: a day at a time ({@code write}), all days as one batch ({@code
 * writeBatch}), and a whole table. Prints the median milliseconds of each with the hash off and on.
 *
 * <p>The source is a staging-like table of seven columns (two of them text) with {@code rowsPerDay}
 * rows on each of {@code days} days.
 *
 * <p>Usage: {@code ContentHashBenchmark [rowsPerDay] [days] [rounds]}.
 */
public final class ContentHashBenchmark {
  private static final String SWITCH = "tidemark.write.content_hash";
  private static final LocalDate FIRST = LocalDate.of(2026, 11, 1);

  private ContentHashBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rowsPerDay = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    Path directory = Files.createTempDirectory("tidemark-hash-bench");
    // [kind][on=1/off=0] -> per-round milliseconds
    List<List<List<Double>>> times = new ArrayList<>();
    for (int kind = 0; kind < 3; kind++) {
      times.add(List.of(new ArrayList<>(), new ArrayList<>()));
    }
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(directory.resolve("w.duckdb"))) {
      try (WarehouseSession setup = warehouse.openSession()) {
        setup.execute("CREATE SCHEMA IF NOT EXISTS raw");
        setup.execute(
            "CREATE TABLE raw.events AS SELECT d * "
                + rowsPerDay
                + " + i AS event_id, (i * 7919) % 50000 AS user_id,"
                + " TIMESTAMP '"
                + FIRST
                + "' + to_days(d) + to_seconds(i % 86400) AS event_time,"
                + " CAST(DATE '"
                + FIRST
                + "' + CAST(d AS INTEGER) AS DATE) AS event_date,"
                + " ['view', 'click', 'purchase', 'renew'][1 + i % 4] AS kind,"
                + " CAST((i % 1000) / 10.0 AS DECIMAL(10, 2)) AS amount,"
                + " 'country_' || (i % 40) AS country"
                + " FROM range(0, "
                + days
                + ") t(d), range(0, "
                + rowsPerDay
                + ") u(i)");
      }
      run(warehouse, true, days, "warm_on");
      run(warehouse, false, days, "warm_off");
      for (int round = 0; round < rounds; round++) {
        boolean onFirst = round % 2 == 0;
        double[] first = run(warehouse, onFirst, days, "r" + round + "a");
        double[] second = run(warehouse, !onFirst, days, "r" + round + "b");
        for (int kind = 0; kind < 3; kind++) {
          times.get(kind).get(onFirst ? 1 : 0).add(first[kind]);
          times.get(kind).get(onFirst ? 0 : 1).add(second[kind]);
        }
      }
    } finally {
      System.clearProperty(SWITCH);
    }
    String[] names = {"a day per write (ms/partition)", "batch of all days (ms)", "table (ms)"};
    for (int kind = 0; kind < 3; kind++) {
      double off = median(times.get(kind).get(0));
      double on = median(times.get(kind).get(1));
      System.out.printf(
          Locale.ROOT,
          "| %s | %d x %d rows, %d rounds | %.2f | %.2f | %+.2f | %+.1f%% |%n",
          names[kind],
          days,
          rowsPerDay,
          rounds,
          off,
          on,
          on - off,
          (on - off) / off * 100);
    }
  }

  /** One round in a fresh session: {@code {ms per day write, ms per batch, ms per table}}. */
  private static double[] run(DuckDbWarehouse warehouse, boolean hashed, int days, String tag) {
    System.setProperty(SWITCH, String.valueOf(hashed));
    Partitioning daily = new Partitioning(Grain.DAY, "event_date");
    String select =
        "SELECT event_id, user_id, event_time, event_date, kind, amount, country FROM raw.events"
            + " WHERE event_date >= DATE '%s' AND event_date < DATE '%s'";
    try (WarehouseSession session = warehouse.openSession()) {
      AssetName single = AssetName.parse("staging.single_" + tag);
      long started = System.nanoTime();
      for (int d = 0; d < days; d++) {
        LocalDate day = FIRST.plusDays(d);
        check(
            hashed,
            session.write(
                new WriteRequest(
                    single,
                    Materialization.INCREMENTAL,
                    daily,
                    PartitionKey.day(day),
                    select.formatted(day, day.plusDays(1)),
                    1)));
      }
      double perDay = (System.nanoTime() - started) / 1e6 / days;

      // A batch into a table that exists, as every batch after a model's first.
      AssetName batched = AssetName.parse("staging.batch_" + tag);
      session.write(
          new WriteRequest(
              batched,
              Materialization.INCREMENTAL,
              daily,
              PartitionKey.day(FIRST),
              select.formatted(FIRST, FIRST.plusDays(1)),
              1));
      started = System.nanoTime();
      for (WriteResult written :
          session.writeBatch(
              new WriteRequest(
                  batched,
                  Materialization.INCREMENTAL,
                  daily,
                  PartitionKey.day(FIRST),
                  select.formatted(FIRST, FIRST.plusDays(days)),
                  1,
                  days))) {
        check(hashed, written);
      }
      double batch = (System.nanoTime() - started) / 1e6;

      started = System.nanoTime();
      check(
          hashed,
          session.write(
              new WriteRequest(
                  AssetName.parse("marts.table_" + tag),
                  Materialization.TABLE,
                  Partitioning.NONE,
                  PartitionKey.ALL,
                  "SELECT user_id, kind, count(*) AS events, sum(amount) AS amount"
                      + " FROM raw.events GROUP BY user_id, kind",
                  1)));
      double table = (System.nanoTime() - started) / 1e6;
      return new double[] {perDay, batch, table};
    }
  }

  private static void check(boolean hashed, WriteResult written) {
    if (hashed == written.contentHash().isEmpty()) {
      throw new IllegalStateException(
          "content hash " + (hashed ? "missing" : "computed while switched off"));
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
