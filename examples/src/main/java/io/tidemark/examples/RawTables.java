package io.tidemark.examples;

import io.tidemark.examples.DayRows.Action;
import io.tidemark.examples.DayRows.Payment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Optional;
import org.duckdb.DuckDBAppender;

/** The {@code raw} schema of the subscriptions example: its DDL, deletes and appends. */
final class RawTables {
  static final String SCHEMA = "raw";
  static final String IAP_TRANSACTIONS = "iap_transactions";
  static final String USER_ACTIONS = "user_actions";
  static final String USERS = "users";

  private static final String DDL =
      """
      create schema if not exists raw;
      create table if not exists raw.iap_transactions (
          transaction_id varchar not null,
          user_id bigint not null,
          event_time timestamp not null,
          event_type varchar not null,
          product_id varchar not null,
          amount decimal(12, 2) not null,
          currency varchar not null,
          country varchar not null,
          store varchar not null
      );
      create table if not exists raw.user_actions (
          action_id varchar not null,
          user_id bigint not null,
          event_time timestamp not null,
          action varchar not null,
          product_id varchar,
          amount decimal(12, 2),
          platform varchar not null,
          app_version varchar not null
      );
      create table if not exists raw.users (
          user_id bigint not null,
          signup_time timestamp not null,
          country varchar not null,
          platform varchar not null,
          marketing_channel varchar not null,
          is_test_user boolean not null
      );
      """;

  private RawTables() {}

  static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(DDL);
    }
  }

  /** Deletes the rows of {@code [first, last]} from both partitioned tables. */
  static void deleteDays(Connection connection, LocalDate first, LocalDate last)
      throws SQLException {
    for (String table : new String[] {IAP_TRANSACTIONS, USER_ACTIONS}) {
      try (PreparedStatement delete =
          connection.prepareStatement(
              "delete from raw." + table + " where event_time >= ? and event_time < ?")) {
        delete.setTimestamp(1, Timestamp.valueOf(first.atStartOfDay()));
        delete.setTimestamp(2, Timestamp.valueOf(last.plusDays(1).atStartOfDay()));
        delete.executeUpdate();
      }
    }
  }

  /** The latest day any raw table has data for. */
  static Optional<LocalDate> lastDay(Connection connection) throws SQLException {
    String query =
        """
        select max(day) from (
            select max(event_time)::date as day from raw.user_actions
            union all select max(event_time)::date from raw.iap_transactions
            union all select max(signup_time)::date from raw.users
        ) as days
        """;
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return Optional.ofNullable(result.getObject(1, LocalDate.class));
    }
  }

  static void append(DuckDBAppender appender, Payment payment) throws SQLException {
    SubscriptionEvent event = payment.event;
    appender
        .beginRow()
        .append(payment.id)
        .append(event.userId())
        .appendEpochMicros(event.epochMillis() * 1000)
        .append(event.type().label())
        .append(event.product().id())
        .appendDecimal(event.cents())
        .append(payment.user.country().currency())
        .append(payment.user.country().code())
        .append(payment.user.store())
        .endRow();
  }

  static void append(DuckDBAppender appender, Action action) throws SQLException {
    appender
        .beginRow()
        .append(action.id)
        .append(action.userId)
        .appendEpochMicros(action.epochMillis * 1000);
    appender.append(action.action);
    if (action.productId == null) {
      appender.appendNull();
    } else {
      appender.append(action.productId);
    }
    if (action.hasAmount) {
      appender.appendDecimal(action.cents);
    } else {
      appender.appendNull();
    }
    appender.append(action.platform).append(action.appVersion).endRow();
  }

  static void append(DuckDBAppender appender, UserProfile user) throws SQLException {
    appender
        .beginRow()
        .append(user.userId())
        .appendEpochMicros(user.signupEpochSecond() * 1_000_000)
        .append(user.country().code())
        .append(user.platform())
        .append(user.marketingChannel())
        .append(user.testUser())
        .endRow();
  }
}
