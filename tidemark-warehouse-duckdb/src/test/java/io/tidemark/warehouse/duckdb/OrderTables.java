package io.tidemark.warehouse.duckdb;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.warehouse.WarehouseSession;

/**
 * Deterministic pairs of order tables for the reconciliation tests. Both hold the same data, one
 * row per order id 0..rows-1: customer {@code c<id mod 97>}, amount {@code (id * 37 mod 100000) /
 * 100}, order date one of five days from 2024-01-01 ({@code id mod 5}). Built by SQL alone, so each
 * side can live in its own warehouse.
 */
final class OrderTables {
  static final AssetName LEFT = AssetName.parse("recon.left_orders");
  static final AssetName RIGHT = AssetName.parse("recon.right_orders");

  private OrderTables() {}

  /** {@code order_id INTEGER, customer VARCHAR, amount DECIMAL(12,2), order_date DATE}. */
  static void left(WarehouseSession session, AssetName table, int rows) {
    session.execute("CREATE SCHEMA IF NOT EXISTS " + table.schema());
    session.execute(
        "CREATE OR REPLACE TABLE "
            + table
            + " AS SELECT CAST(i AS INTEGER) AS order_id, 'c' || (i % 97) AS customer,"
            + " CAST((i * 37 % 100000) / 100 AS DECIMAL(12,2)) AS amount,"
            + " DATE '2024-01-01' + CAST(i % 5 AS INTEGER) AS order_date"
            + " FROM range("
            + rows
            + ") ids(i) ORDER BY i");
  }

  /**
   * The same data as {@link #left}, typed and named differently and stored in another order: {@code
   * amount DOUBLE, order_date TIMESTAMP, client VARCHAR, order_id BIGINT}.
   */
  static void right(WarehouseSession session, AssetName table, int rows) {
    session.execute("CREATE SCHEMA IF NOT EXISTS " + table.schema());
    session.execute(
        "CREATE OR REPLACE TABLE "
            + table
            + " AS SELECT CAST((i * 37 % 100000) / 100 AS DOUBLE) AS amount,"
            + " CAST(DATE '2024-01-01' + CAST(i % 5 AS INTEGER) AS TIMESTAMP) AS order_date,"
            + " 'c' || (i % 97) AS client, CAST(i AS BIGINT) AS order_id"
            + " FROM range("
            + rows
            + ") ids(i) ORDER BY hash(i)");
  }
}
