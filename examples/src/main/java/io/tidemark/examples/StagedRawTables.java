package io.tidemark.examples;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.LoadType;
import io.tidemark.core.load.Stageable;
import io.tidemark.core.load.Staging;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.SqlDialect;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.examples.DayRows.Action;
import io.tidemark.examples.DayRows.Payment;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The raw tables of the subscriptions example in a warehouse that offers no JDBC connection
 * (Spark): rows go through the engine's own loading path ({@link Staging}) and each table is made
 * again by the engine's table write, as a table model is, from the rows it keeps and the staged
 * ones. Such an engine's tables need take no {@code delete}: a replaced day is the table made again
 * without the day's old rows.
 */
final class StagedRawTables {
  static final List<LoadColumn> PAYMENTS =
      List.of(
          LoadColumn.of("transaction_id", LoadType.VARCHAR),
          LoadColumn.of("user_id", LoadType.BIGINT),
          LoadColumn.of("event_time", LoadType.TIMESTAMP),
          LoadColumn.of("event_type", LoadType.VARCHAR),
          LoadColumn.of("product_id", LoadType.VARCHAR),
          LoadColumn.decimal("amount", 12, 2),
          LoadColumn.of("currency", LoadType.VARCHAR),
          LoadColumn.of("country", LoadType.VARCHAR),
          LoadColumn.of("store", LoadType.VARCHAR));

  static final List<LoadColumn> ACTIONS =
      List.of(
          LoadColumn.of("action_id", LoadType.VARCHAR),
          LoadColumn.of("user_id", LoadType.BIGINT),
          LoadColumn.of("event_time", LoadType.TIMESTAMP),
          LoadColumn.of("action", LoadType.VARCHAR),
          LoadColumn.of("product_id", LoadType.VARCHAR),
          LoadColumn.decimal("amount", 12, 2),
          LoadColumn.of("platform", LoadType.VARCHAR),
          LoadColumn.of("app_version", LoadType.VARCHAR));

  static final List<LoadColumn> USERS =
      List.of(
          LoadColumn.of("user_id", LoadType.BIGINT),
          LoadColumn.of("signup_time", LoadType.TIMESTAMP),
          LoadColumn.of("country", LoadType.VARCHAR),
          LoadColumn.of("platform", LoadType.VARCHAR),
          LoadColumn.of("marketing_channel", LoadType.VARCHAR),
          LoadColumn.of("is_test_user", LoadType.BOOLEAN));

  private final WarehouseSession session;
  private final SqlDialect dialect;

  StagedRawTables(WarehouseSession session) {
    this.session = session;
    this.dialect = session.dialect();
  }

  /** The session's staging, or an error naming what the engine lacks. */
  static Staging stagingOf(WarehouseSession session) {
    if (session instanceof Stageable stageable) {
      return stageable.staging();
    }
    throw new io.tidemark.core.TidemarkException(
        io.tidemark.core.ErrorCode.INVALID_ARGUMENT,
        "the example's data is written through JDBC or the engine's staging of loaded rows;"
            + " this warehouse engine offers neither");
  }

  static AssetName raw(String table) {
    return AssetName.of(RawTables.SCHEMA, table);
  }

  /** The latest day any raw table has data for. */
  Optional<LocalDate> lastDay() {
    LocalDate latest = null;
    String[][] columns = {
      {RawTables.USER_ACTIONS, "event_time"},
      {RawTables.IAP_TRANSACTIONS, "event_time"},
      {RawTables.USERS, "signup_time"}
    };
    for (String[] column : columns) {
      if (!session.exists(raw(column[0]))) {
        continue;
      }
      Object value =
          session
              .query(
                  "select cast(max("
                      + dialect.identifier(column[1])
                      + ") as date) from "
                      + dialect.relation(raw(column[0])),
                  1)
              .rows()
              .get(0)
              .get(0);
      if (value instanceof LocalDate day && (latest == null || day.isAfter(latest))) {
        latest = day;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** Makes {@code table} again: its rows outside days {@code first..last}, and the staged ones. */
  void replaceDays(String table, String staged, LocalDate first, LocalDate last) {
    replace(table, staged, Optional.of(outside(first, last)));
  }

  /** Makes {@code table} again from the staged rows alone. */
  void replaceAll(String table, String staged) {
    replace(table, staged, Optional.empty());
  }

  /** Makes {@code raw.user_actions} again without the rows {@code dropped} selects. */
  void remakeWithout(String table, String dropped) {
    write(
        raw(table),
        "select * from " + dialect.relation(raw(table)) + " where not (" + dropped + ")");
  }

  /** A predicate on {@code event_time} selecting days {@code first..last}. */
  String days(LocalDate first, LocalDate last) {
    String column = dialect.identifier("event_time");
    return column
        + " >= "
        + dialect.timestamp(first.atStartOfDay())
        + " and "
        + column
        + " < "
        + dialect.timestamp(last.plusDays(1).atStartOfDay());
  }

  private String outside(LocalDate first, LocalDate last) {
    return "not (" + days(first, last) + ")";
  }

  private void replace(String table, String staged, Optional<String> kept) {
    AssetName target = raw(table);
    String select =
        kept.isPresent() && session.exists(target)
            ? "select * from "
                + dialect.relation(target)
                + " where "
                + kept.get()
                + " union all select * from "
                + staged
            : "select * from " + staged;
    write(target, select);
  }

  private void write(AssetName target, String select) {
    session.write(
        new WriteRequest(
            target, Materialization.TABLE, Partitioning.NONE, PartitionKey.ALL, select, 0));
  }

  static Object[] row(Payment payment) {
    SubscriptionEvent event = payment.event;
    return new Object[] {
      payment.id,
      event.userId(),
      time(event.epochMillis()),
      event.type().label(),
      event.product().id(),
      BigDecimal.valueOf(event.cents(), 2),
      payment.user.country().currency(),
      payment.user.country().code(),
      payment.user.store()
    };
  }

  static Object[] row(Action action) {
    return new Object[] {
      action.id,
      action.userId,
      time(action.epochMillis),
      action.action,
      action.productId,
      action.hasAmount ? BigDecimal.valueOf(action.cents, 2) : null,
      action.platform,
      action.appVersion
    };
  }

  static Object[] row(UserProfile user) {
    return new Object[] {
      user.userId(),
      time(user.signupEpochSecond() * 1000),
      user.country().code(),
      user.platform(),
      user.marketingChannel(),
      user.testUser()
    };
  }

  private static LocalDateTime time(long epochMillis) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(epochMillis, 1000),
        (int) Math.floorMod(epochMillis, 1000) * 1_000_000,
        ZoneOffset.UTC);
  }
}
