package io.tidemark.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteDataSource;

/**
 * The store's connections: a small pool (HikariCP), so that each concurrent caller (a run's
 * workers, the API, a scheduler) works in a transaction on a connection of its own. Every
 * transaction borrows a connection for its whole length and gives it back.
 *
 * <p>SQLite admits one writer at a time. In WAL mode readers go on beside the writer, so reads run
 * in parallel on their own connections, while this process's writers take turns on a lock instead
 * of polling the file lock (other processes still meet it, and wait up to {@code busy_timeout}).
 * PostgreSQL takes writers in parallel.
 *
 * <p>Prepared statements are kept per physical connection for its life: preparing them on every
 * call cost more than the work itself. The pool would close statements prepared through the
 * connection it lends at each return, so they are prepared on the connection underneath.
 *
 * <p>A connection that cannot roll back is taken as broken (server restart, network) and evicted
 * from the pool; the next transaction gets a new one, so a long-lived process outlives a database
 * restart.
 */
final class StoreConnection implements AutoCloseable {
  /** The body of a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Statements statements) throws SQLException;
  }

  /** Prepared statements of the current connection, by their SQL. */
  @FunctionalInterface
  interface Statements {
    PreparedStatement prepare(String sql) throws SQLException;
  }

  private final Dialect dialect;
  private final HikariDataSource pool;
  private final ReentrantLock writers = new ReentrantLock();

  /** Per physical connection, its prepared statements by SQL; touched by its borrower alone. */
  private final Map<Connection, Map<String, PreparedStatement>> prepared =
      new ConcurrentHashMap<>();

  StoreConnection(String jdbcUrl, Dialect dialect) {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    this.dialect = requireNonNull(dialect, "dialect is null");
    HikariConfig config = new HikariConfig();
    if (dialect == Dialect.SQLITE) {
      // Straight to the SQLite driver: asking DriverManager for a connection first loads and
      // starts every JDBC driver on the class path (the warehouses' among them), a cost every
      // command would pay at its start.
      SQLiteDataSource source = new SQLiteDataSource();
      source.setUrl(jdbcUrl);
      config.setDataSource(source);
    } else {
      config.setJdbcUrl(jdbcUrl);
    }
    config.setPoolName("tidemark-state");
    config.setMaximumPoolSize(dialect.poolSize());
    // A command opens one connection; a server grows to the pool's size under load and shrinks
    // back when idle.
    config.setMinimumIdle(1);
    // The store begins and ends its transactions itself (see Dialect).
    config.setAutoCommit(dialect.autoCommit());
    // Connect on first use: StateStores.open has reached the database already to migrate it.
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(15_000);
    this.pool = new HikariDataSource(config);
  }

  Dialect dialect() {
    return dialect;
  }

  /** Runs {@code work} in a transaction that only reads. */
  <T> T read(String operation, Work<T> work) {
    return transaction(operation, false, work);
  }

  /** Runs {@code work} in a transaction that writes; it commits or rolls back as a whole. */
  <T> T write(String operation, Work<T> work) {
    if (!dialect.singleWriter()) {
      return transaction(operation, true, work);
    }
    writers.lock();
    try {
      return transaction(operation, true, work);
    } finally {
      writers.unlock();
    }
  }

  private <T> T transaction(String operation, boolean write, Work<T> work) {
    if (pool.isClosed()) {
      throw new TidemarkException(
          ErrorCode.STATE_STORE, "cannot " + operation + ": the state store is closed");
    }
    Connection lent;
    try {
      lent = pool.getConnection();
    } catch (SQLException e) {
      throw new TidemarkException(
          ErrorCode.STATE_STORE, "cannot " + operation + ": " + e.getMessage(), e);
    }
    boolean broken = false;
    try {
      Connection connection = lent.unwrap(Connection.class);
      Statements statements = statementsOf(connection);
      boolean begun = false;
      try {
        dialect.begin(connection, statements, write);
        begun = true;
        T result = work.run(statements);
        dialect.commit(connection, statements);
        return result;
      } catch (SQLException e) {
        broken = abandon(connection, statements, begun, e);
        throw new TidemarkException(
            ErrorCode.STATE_STORE, "cannot " + operation + ": " + e.getMessage(), e);
      } catch (RuntimeException | Error e) {
        broken = abandon(connection, statements, begun, e);
        throw e;
      }
    } catch (SQLException e) {
      broken = true;
      throw new TidemarkException(
          ErrorCode.STATE_STORE, "cannot " + operation + ": " + e.getMessage(), e);
    } finally {
      giveBack(lent, broken);
    }
  }

  /**
   * The statements of a physical connection, preparing it the first time it is seen. Connections
   * the pool has closed since (retired, broken) are forgotten then.
   */
  private Statements statementsOf(Connection connection) throws SQLException {
    Map<String, PreparedStatement> statements = prepared.get(connection);
    if (statements == null) {
      prepared.keySet().removeIf(StoreConnection::isClosed);
      dialect.configure(connection);
      statements = new HashMap<>();
      prepared.put(connection, statements);
    }
    Map<String, PreparedStatement> own = statements;
    return sql -> {
      PreparedStatement statement = own.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        own.put(sql, statement);
      }
      return statement;
    };
  }

  /** Rolls back what was begun; returns whether the connection is broken. */
  private boolean abandon(
      Connection connection, Statements statements, boolean begun, Throwable failure) {
    if (!begun) {
      // Nothing to undo: SQLite could not take the write lock, or the connection just opened.
      return false;
    }
    try {
      dialect.rollback(connection, statements);
      return false;
    } catch (SQLException e) {
      failure.addSuppressed(e);
      prepared.remove(connection);
      return true;
    }
  }

  private void giveBack(Connection lent, boolean broken) {
    if (broken) {
      pool.evictConnection(lent);
      return;
    }
    try {
      lent.close();
    } catch (SQLException e) {
      // Giving a connection back to the pool does not talk to the database.
      throw new TidemarkException(
          ErrorCode.STATE_STORE, "cannot return a state store connection: " + e.getMessage(), e);
    }
  }

  private static boolean isClosed(Connection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  @Override
  public void close() {
    prepared.clear();
    // Closing the pool closes its connections, and with them their statements.
    pool.close();
  }
}
