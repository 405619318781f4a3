package io.tidemark.warehouse.duckdb;

import io.tidemark.core.warehouse.WarehouseSession;
import java.time.LocalDate;

/** Deterministic source tables for the tests. */
final class TestData {
  static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);

  private TestData() {}

  /**
   * {@code raw.events}: {@code perDay} rows on each of {@code days} days from {@link #FIRST_DAY};
   * user_id runs 0..perDay-1 within a day and amount is user_id * 10.
   */
  static void events(WarehouseSession session, int days, int perDay) {
    session.execute("CREATE SCHEMA IF NOT EXISTS raw");
    session.execute(
        "CREATE OR REPLACE TABLE raw.events AS SELECT DATE '"
            + FIRST_DAY
            + "' + d::INTEGER AS event_date, u AS user_id, u * 10 AS amount"
            + " FROM range("
            + days
            + ") days(d), range("
            + perDay
            + ") users(u)");
  }

  static long count(WarehouseSession session, String sql) {
    return (Long) session.query(sql, 1).rows().get(0).get(0);
  }
}
