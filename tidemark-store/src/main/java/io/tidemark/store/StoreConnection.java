package io.tidemark.store;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's one JDBC connection: every transaction holds a lock for its whole length, and the
 * prepared statements are kept for the life of the connection.
 *
 * <p>SQLite admits one writer at a time, so a pool would only queue on the file lock. For
 * PostgreSQL one connection is enough for now: a store call is one or two round trips, so a single
 * connection serves thousands of calls a second, well above what the runner's workers make, and it
 * needs no pool library. Coordinating several runner processes will want connections of their own
 * (claims with {@code FOR UPDATE SKIP LOCKED}); that is the time for a small pool.
 *
 * <p>A connection that cannot roll back is taken as broken (server restart, network) and dropped;
 * the next transaction opens a new one, so a long-lived process outlives a database restart.
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

  private final String jdbcUrl;
  private final Dialect dialect;
  private final ReentrantLock lock = new ReentrantLock();
  // All guarded by lock.
  private Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private boolean closed;

  StoreConnection(String jdbcUrl, Dialect dialect) {
    this.jdbcUrl = requireNonNull(jdbcUrl, "jdbcUrl is null");
    this.dialect = requireNonNull(dialect, "dialect is null");
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
    return transaction(operation, true, work);
  }

  private <T> T transaction(String operation, boolean write, Work<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new TidemarkException(
            ErrorCode.STATE_STORE, "cannot " + operation + ": the state store is closed");
      }
      boolean begun = false;
      try {
        Connection current = connection();
        dialect.begin(current, this::prepare, write);
        begun = true;
        T result = work.run(this::prepare);
        dialect.commit(current, this::prepare);
        return result;
      } catch (SQLException e) {
        abandon(begun, e);
        throw new TidemarkException(
            ErrorCode.STATE_STORE, "cannot " + operation + ": " + e.getMessage(), e);
      } catch (RuntimeException | Error e) {
        abandon(begun, e);
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Connection opened = DriverManager.getConnection(jdbcUrl);
      try {
        dialect.configure(opened);
      } catch (SQLException e) {
        closeQuietly(opened, e);
        throw e;
      }
      connection = opened;
    }
    return connection;
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  private void abandon(boolean begun, Throwable failure) {
    if (connection == null) {
      return;
    }
    if (!begun) {
      // Nothing to undo: SQLite could not take the write lock, or the connection just opened.
      return;
    }
    try {
      dialect.rollback(connection, this::prepare);
    } catch (SQLException e) {
      failure.addSuppressed(e);
      discardConnection(failure);
    }
  }

  private void discardConnection(Throwable failure) {
    statements.clear();
    closeQuietly(connection, failure);
    connection = null;
  }

  private static void closeQuietly(Connection connection, Throwable failure) {
    try {
      // Closing a connection closes its statements.
      connection.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      statements.clear();
      if (connection != null) {
        Connection toClose = connection;
        connection = null;
        toClose.close();
      }
    } catch (SQLException e) {
      throw new TidemarkException(
          ErrorCode.STATE_STORE, "cannot close the state store: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }
}
