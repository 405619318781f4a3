package io.tidemark.warehouse.duckdb;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.WriteRequest;
import java.time.LocalDate;

/** Builds the write requests the tests send. */
final class Requests {
  private Requests() {}

  static WriteRequest table(String target, String sql) {
    return new WriteRequest(
        AssetName.parse(target),
        Materialization.TABLE,
        Partitioning.NONE,
        PartitionKey.ALL,
        sql,
        1);
  }

  static WriteRequest view(String target, String sql) {
    return new WriteRequest(
        AssetName.parse(target), Materialization.VIEW, Partitioning.NONE, PartitionKey.ALL, sql, 1);
  }

  static WriteRequest day(String target, String column, LocalDate day, String sql) {
    return partition(target, column, PartitionKey.day(day), sql);
  }

  static WriteRequest partition(String target, String column, PartitionKey key, String sql) {
    return new WriteRequest(
        AssetName.parse(target),
        Materialization.INCREMENTAL,
        new Partitioning(key.grain(), column),
        key,
        sql,
        1);
  }

  /** A model reading one day of {@code raw.events}, the way a rendered template would. */
  static String eventsOn(LocalDate day) {
    return "SELECT event_date, user_id, amount FROM raw.events WHERE event_date >= DATE '"
        + day
        + "' AND event_date < DATE '"
        + day.plusDays(1)
        + "'";
  }
}
