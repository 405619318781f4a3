package io.tidemark.examples;

import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.Staging;
import io.tidemark.examples.DayRows.Action;
import io.tidemark.examples.DayRows.Payment;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Appends generated rows to the raw tables: through DuckDB's appender when the connection is
 * DuckDB's (millions of rows in seconds), through batched inserts on any other JDBC database, and
 * into the engine's staged tables where there is no JDBC (see {@link StagedRawTables}).
 */
abstract class RawRows implements AutoCloseable {
  static RawRows open(Connection connection) throws SQLException {
    return connection.isWrapperFor(DuckDBConnection.class)
        ? new Appended(connection.unwrap(DuckDBConnection.class))
        : new Inserted(connection);
  }

  /** Rows staged through the engine's own loading path, one staged table per raw table. */
  static Staged staged(Staging staging) {
    return new Staged(staging);
  }

  abstract void add(Payment payment) throws SQLException;

  abstract void add(Action action) throws SQLException;

  abstract void add(UserProfile user) throws SQLException;

  @Override
  public abstract void close() throws SQLException;

  private static final class Appended extends RawRows {
    private final DuckDBConnection connection;
    private DuckDBAppender payments;
    private DuckDBAppender actions;
    private DuckDBAppender users;

    Appended(DuckDBConnection connection) {
      this.connection = connection;
    }

    @Override
    void add(Payment payment) throws SQLException {
      if (payments == null) {
        payments = connection.createAppender(RawTables.SCHEMA, RawTables.IAP_TRANSACTIONS);
      }
      RawTables.append(payments, payment);
    }

    @Override
    void add(Action action) throws SQLException {
      if (actions == null) {
        actions = connection.createAppender(RawTables.SCHEMA, RawTables.USER_ACTIONS);
      }
      RawTables.append(actions, action);
    }

    @Override
    void add(UserProfile user) throws SQLException {
      if (users == null) {
        users = connection.createAppender(RawTables.SCHEMA, RawTables.USERS);
      }
      RawTables.append(users, user);
    }

    @Override
    public void close() throws SQLException {
      for (DuckDBAppender appender : new DuckDBAppender[] {payments, actions, users}) {
        if (appender != null) {
          appender.close();
        }
      }
    }
  }

  private static final class Inserted extends RawRows {
    private static final int BATCH = 5_000;

    private final Batch payments;
    private final Batch actions;
    private final Batch users;

    Inserted(Connection connection) throws SQLException {
      payments = new Batch(connection, RawTables.IAP_TRANSACTIONS, 9);
      actions = new Batch(connection, RawTables.USER_ACTIONS, 8);
      users = new Batch(connection, RawTables.USERS, 6);
    }

    @Override
    void add(Payment payment) throws SQLException {
      SubscriptionEvent event = payment.event;
      PreparedStatement insert = payments.insert;
      insert.setString(1, payment.id);
      insert.setLong(2, event.userId());
      insert.setObject(3, time(event.epochMillis()));
      insert.setString(4, event.type().label());
      insert.setString(5, event.product().id());
      insert.setBigDecimal(6, BigDecimal.valueOf(event.cents(), 2));
      insert.setString(7, payment.user.country().currency());
      insert.setString(8, payment.user.country().code());
      insert.setString(9, payment.user.store());
      payments.added();
    }

    @Override
    void add(Action action) throws SQLException {
      PreparedStatement insert = actions.insert;
      insert.setString(1, action.id);
      insert.setLong(2, action.userId);
      insert.setObject(3, time(action.epochMillis));
      insert.setString(4, action.action);
      insert.setString(5, action.productId);
      if (action.hasAmount) {
        insert.setBigDecimal(6, BigDecimal.valueOf(action.cents, 2));
      } else {
        insert.setNull(6, Types.DECIMAL);
      }
      insert.setString(7, action.platform);
      insert.setString(8, action.appVersion);
      actions.added();
    }

    @Override
    void add(UserProfile user) throws SQLException {
      PreparedStatement insert = users.insert;
      insert.setLong(1, user.userId());
      insert.setObject(2, time(user.signupEpochSecond() * 1000));
      insert.setString(3, user.country().code());
      insert.setString(4, user.platform());
      insert.setString(5, user.marketingChannel());
      insert.setBoolean(6, user.testUser());
      users.added();
    }

    private static LocalDateTime time(long epochMillis) {
      return LocalDateTime.ofEpochSecond(
          Math.floorDiv(epochMillis, 1000),
          (int) Math.floorMod(epochMillis, 1000) * 1_000_000,
          ZoneOffset.UTC);
    }

    @Override
    public void close() throws SQLException {
      try (PreparedStatement p = payments.insert;
          PreparedStatement a = actions.insert;
          PreparedStatement u = users.insert) {
        payments.flush();
        actions.flush();
        users.flush();
      }
    }

    private static final class Batch {
      final PreparedStatement insert;
      private int pending;

      Batch(Connection connection, String table, int columns) throws SQLException {
        insert =
            connection.prepareStatement(
                "insert into "
                    + RawTables.SCHEMA
                    + "."
                    + table
                    + " values ("
                    + "?, ".repeat(columns - 1)
                    + "?)");
      }

      void added() throws SQLException {
        insert.addBatch();
        if (++pending == BATCH) {
          flush();
        }
      }

      void flush() throws SQLException {
        if (pending > 0) {
          insert.executeBatch();
          pending = 0;
        }
      }
    }
  }

  /**
   * Staged rows: each raw table's rows go to a staged table of their own, made at the first row or
   * by {@link #finish}; {@link #close} drops them, so the tables are made again from them before.
   */
  static final class Staged extends RawRows {
    private final Staging staging;
    private final Map<String, Staging.StagedRows> tables = new LinkedHashMap<>();

    private Staged(Staging staging) {
      this.staging = staging;
    }

    @Override
    void add(Payment payment) {
      rows(RawTables.IAP_TRANSACTIONS, StagedRawTables.PAYMENTS)
          .append(StagedRawTables.row(payment));
    }

    @Override
    void add(Action action) {
      rows(RawTables.USER_ACTIONS, StagedRawTables.ACTIONS).append(StagedRawTables.row(action));
    }

    @Override
    void add(UserProfile user) {
      rows(RawTables.USERS, StagedRawTables.USERS).append(StagedRawTables.row(user));
    }

    /** The relation holding {@code table}'s staged rows, every row appended visible in it. */
    String finish(String table, List<LoadColumn> columns) {
      Staging.StagedRows rows = rows(table, columns);
      rows.finish();
      return rows.relation();
    }

    private Staging.StagedRows rows(String table, List<LoadColumn> columns) {
      return tables.computeIfAbsent(table, name -> staging.stage(columns));
    }

    @Override
    public void close() {
      RuntimeException failure = null;
      for (Staging.StagedRows rows : tables.values()) {
        try {
          rows.close();
        } catch (RuntimeException e) {
          failure = failure == null ? e : failure;
        }
      }
      tables.clear();
      if (failure != null) {
        throw failure;
      }
    }
  }
}
