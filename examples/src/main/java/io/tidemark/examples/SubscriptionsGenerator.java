package io.tidemark.examples;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.examples.DayRows.Action;
import io.tidemark.examples.DayRows.Payment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the raw data of the subscriptions example into a warehouse (DuckDB through its appender,
 * any other database through JDBC batches, an engine without JDBC such as Spark through its own
 * staging of loaded rows): what the in-app-payment server ({@code raw.iap_transactions}) and the
 * action-logging server ({@code raw.user_actions}) recorded about a growing population of users,
 * and a snapshot of the service's user table ({@code raw.users}).
 *
 * <p>Generation is deterministic: a day's rows depend only on the seed, the scale, the origin and
 * the day, never on which other days are generated, so a damaged day can be restored exactly with
 * {@link #regenerate}. Each user's life (signup, subscriptions, renewals, cancellations, refunds)
 * comes from the user's own random stream; each day's app use, and the day's few planted
 * disagreements between the two servers, from the day's own stream.
 *
 * <p>At scale 1, around the origin day a day has about 30,000 user actions and 1,000 to 3,000 IAP
 * transactions; the user base grows 2% a week (so volumes double in about 35 weeks), app use peaks
 * at weekends and first purchases on weekdays. All times are UTC.
 */
public final class SubscriptionsGenerator {
  /** The origin of {@link #SubscriptionsGenerator(long, double)}: the example's start. */
  public static final LocalDate DEFAULT_ORIGIN = LocalDate.of(2024, 1, 1);

  private final long seed;
  private final double scale;
  private final LocalDate origin;
  private final Population population;

  /** A generator whose user base has its base size on {@link #DEFAULT_ORIGIN}. */
  public SubscriptionsGenerator(long seed, double scale) {
    this(seed, scale, DEFAULT_ORIGIN);
  }

  /**
   * @param scale multiplies the size of the user base, and so every volume (tests use 0.02)
   * @param origin the day the user base has its base size (250,000 users at scale 1); it grows 2% a
   *     week after it and shrinks before it. Data generated for dates far from the origin is
   *     correspondingly larger or smaller, so pass a day near the generated range (a project's
   *     start). Part of the identity of the data: regenerate with the same seed, scale and origin.
   */
  public SubscriptionsGenerator(long seed, double scale, LocalDate origin) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "scale must be a positive number, got " + scale);
    }
    this.seed = seed;
    this.scale = scale;
    this.origin = requireNonNull(origin, "origin is null");
    this.population = new Population(scale, origin);
  }

  public long seed() {
    return seed;
  }

  public double scale() {
    return scale;
  }

  public LocalDate origin() {
    return origin;
  }

  /**
   * Writes the days {@code first..last} (inclusive), replacing whatever those days held in {@code
   * raw.iap_transactions} and {@code raw.user_actions}, and rewrites {@code raw.users} with every
   * user signed up by the later of {@code last} and the last day already present. Creates the
   * {@code raw} schema and tables when missing. All of it happens in one transaction.
   */
  public GenerationReport generate(Connection connection, LocalDate first, LocalDate last) {
    if (last.isBefore(first)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "the range " + first + ".." + last + " is empty");
    }
    return inTransaction(
        connection,
        () -> {
          RawTables.create(connection);
          LocalDate snapshotDay = RawTables.lastDay(connection).filter(last::isBefore).orElse(last);
          RawTables.deleteDays(connection, first, last);
          UserLives lives =
              UserLives.simulate(seed, population, first.toEpochDay(), last.toEpochDay());
          GenerationReport days;
          try (RawRows raw = RawRows.open(connection)) {
            days = writeDays(raw, first, last, lives);
          }
          long users = writeUsers(connection, snapshotDay, lives);
          return days.withUsers(users);
        });
  }

  /**
   * Writes the days {@code first..last} as {@link #generate(Connection, LocalDate, LocalDate)}
   * does, into the session's warehouse: through its JDBC connection when it has one, otherwise
   * through the engine's own loading path (its staging of loaded rows, then a table write per raw
   * table), as on Spark. There each raw table is made again, its rows outside the range kept.
   */
  public GenerationReport generate(WarehouseSession session, LocalDate first, LocalDate last) {
    Optional<Connection> jdbc = session.jdbcConnection();
    if (jdbc.isPresent()) {
      return generate(jdbc.get(), first, last);
    }
    if (last.isBefore(first)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "the range " + first + ".." + last + " is empty");
    }
    StagedRawTables tables = new StagedRawTables(session);
    LocalDate snapshotDay = tables.lastDay().filter(last::isBefore).orElse(last);
    UserLives lives = UserLives.simulate(seed, population, first.toEpochDay(), last.toEpochDay());
    try (RawRows.Staged raw = RawRows.staged(StagedRawTables.stagingOf(session))) {
      GenerationReport days = writeDays(raw, first, last, lives);
      long users = population.usersSignedUpBy(snapshotDay.toEpochDay());
      addUsers(raw, users, lives);
      tables.replaceDays(
          RawTables.IAP_TRANSACTIONS,
          raw.finish(RawTables.IAP_TRANSACTIONS, StagedRawTables.PAYMENTS),
          first,
          last);
      tables.replaceDays(
          RawTables.USER_ACTIONS,
          raw.finish(RawTables.USER_ACTIONS, StagedRawTables.ACTIONS),
          first,
          last);
      tables.replaceAll(RawTables.USERS, raw.finish(RawTables.USERS, StagedRawTables.USERS));
      return days.withUsers(users);
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  /** Restores one day exactly as {@link #generate(WarehouseSession, LocalDate, LocalDate)} did. */
  public GenerationReport regenerate(WarehouseSession session, LocalDate day) {
    return generate(session, day, day);
  }

  /**
   * {@link #damage(Connection, LocalDate, LocalDate, double)} in the session's warehouse: through
   * JDBC when it has it, otherwise by making {@code raw.user_actions} again without the rows.
   */
  public long damage(
      WarehouseSession session, LocalDate first, LocalDate last, double fractionDropped) {
    Optional<Connection> jdbc = session.jdbcConnection();
    if (jdbc.isPresent()) {
      return damage(jdbc.get(), first, last, fractionDropped);
    }
    checkFraction(fractionDropped);
    StagedRawTables tables = new StagedRawTables(session);
    String dropped =
        tables.days(first, last)
            + " and (cast(split_part(action_id, '-', 3) as bigint) * 7919) % 10000 < "
            + Math.round(fractionDropped * 10_000);
    long rows =
        ((Number)
                session
                    .query(
                        "select count(*) from "
                            + session
                                .dialect()
                                .relation(StagedRawTables.raw(RawTables.USER_ACTIONS))
                            + " where "
                            + dropped,
                        1)
                    .rows()
                    .get(0)
                    .get(0))
            .longValue();
    tables.remakeWithout(RawTables.USER_ACTIONS, dropped);
    return rows;
  }

  private GenerationReport writeDays(RawRows raw, LocalDate first, LocalDate last, UserLives lives)
      throws SQLException {
    DaySimulator simulator = new DaySimulator(seed, population, lives);
    List<DayCounts> counts = new ArrayList<>();
    List<PlantedInconsistency> planted = new ArrayList<>();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      DayRows rows = simulator.simulate(day);
      for (Payment payment : rows.payments) {
        raw.add(payment);
      }
      for (Action action : rows.actions) {
        raw.add(action);
      }
      counts.add(new DayCounts(day, rows.payments.size(), rows.actions.size()));
      planted.addAll(rows.inconsistencies());
    }
    return new GenerationReport(first, last, counts, 0, planted);
  }

  /** Restores one day exactly as {@link #generate} first wrote it. */
  public GenerationReport regenerate(Connection connection, LocalDate day) {
    return generate(connection, day, day);
  }

  /**
   * Simulates a partial load: deletes the same deterministic share of {@code raw.user_actions} rows
   * from each day of {@code first..last}, as if some of the day's log files never arrived.
   *
   * @param fractionDropped the share of each day's rows to delete, from 0 to 1
   * @return the number of rows deleted
   */
  public long damage(
      Connection connection, LocalDate first, LocalDate last, double fractionDropped) {
    checkFraction(fractionDropped);
    // Multiplying the row number by a prime coprime to 10,000 spreads the dropped rows evenly
    // over the day while keeping the choice independent of the seed.
    String delete =
        """
        delete from raw.user_actions
        where event_time >= ? and event_time < ?
          and (cast(split_part(action_id, '-', 3) as bigint) * 7919) % 10000 < ?
        """;
    return inTransaction(
        connection,
        () -> {
          try (PreparedStatement statement = connection.prepareStatement(delete)) {
            statement.setTimestamp(1, Timestamp.valueOf(first.atStartOfDay()));
            statement.setTimestamp(2, Timestamp.valueOf(last.plusDays(1).atStartOfDay()));
            statement.setLong(3, Math.round(fractionDropped * 10_000));
            return (long) statement.executeUpdate();
          }
        });
  }

  private long writeUsers(Connection connection, LocalDate snapshotDay, UserLives lives)
      throws SQLException {
    try (var statement = connection.createStatement()) {
      statement.execute("delete from raw.users");
    }
    long users = population.usersSignedUpBy(snapshotDay.toEpochDay());
    try (RawRows raw = RawRows.open(connection)) {
      addUsers(raw, users, lives);
    }
    return users;
  }

  /** Users 1..{@code users}: the simulated ones as lived, the rest from their own streams. */
  private void addUsers(RawRows raw, long users, UserLives lives) throws SQLException {
    long simulated = lives.size();
    for (long userId = 1; userId <= users; userId++) {
      UserProfile user =
          userId <= simulated ? lives.profile(userId) : UserLife.profile(seed, userId, population);
      raw.add(user);
    }
  }

  private static void checkFraction(double fractionDropped) {
    if (!(fractionDropped >= 0 && fractionDropped <= 1)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "fractionDropped must be between 0 and 1, got " + fractionDropped);
    }
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  private static <T> T inTransaction(Connection connection, Work<T> work) {
    boolean autoCommit;
    try {
      autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw failed(e);
    }
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e instanceof SQLException sql ? failed(sql) : (RuntimeException) e;
    } finally {
      try {
        connection.setAutoCommit(autoCommit);
      } catch (SQLException e) {
        // The transaction is already over; DuckDB complains when there is nothing to commit.
      }
    }
  }

  private static TidemarkException failed(SQLException e) {
    return new TidemarkException(
        ErrorCode.WAREHOUSE, "writing the subscriptions example data failed: " + e.getMessage(), e);
  }
}
