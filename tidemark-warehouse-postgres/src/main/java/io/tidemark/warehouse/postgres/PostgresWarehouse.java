package io.tidemark.warehouse.postgres;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.SqlDialect;
import io.tidemark.core.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.Driver;

/**
 * A PostgreSQL database as the warehouse: each asset schema is a schema of the database, each
 * session its own connection, so that tasks on several threads (or machines) write at once. Tables
 * keep their generation in a catalog comment, as on DuckDB.
 */
public final class PostgresWarehouse implements Warehouse {
  private final String url;
  private final Properties credentials;
  private final PostgresParser parser = new PostgresParser();
  private final Set<PostgresSession> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private PostgresWarehouse(String url, Properties credentials) {
    this.url = url;
    this.credentials = credentials;
  }

  /**
   * Connects to {@code url} ({@code jdbc:postgresql://host:port/database}) once, to fail early with
   * the server's reason; sessions open their own connections.
   */
  public static PostgresWarehouse open(String url, String user, String password) {
    requireNonNull(url, "url is null");
    Properties credentials = new Properties();
    if (user != null) {
      credentials.setProperty("user", user);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
    PostgresWarehouse warehouse = new PostgresWarehouse(url, credentials);
    try (Connection connection = warehouse.connect()) {
      return warehouse;
    } catch (SQLException e) {
      throw new TidemarkException(
          ErrorCode.WAREHOUSE,
          "cannot open the PostgreSQL warehouse " + warehouse.location() + ": " + Errors.message(e),
          e);
    }
  }

  Connection connect() throws SQLException {
    Connection connection = new Driver().connect(url, credentials);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + url);
    }
    // Partitions are UTC: time zones must not shift a timestamptz column's rows between them.
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.execute("set time zone 'UTC'");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public SqlDialect dialect() {
    return PostgresDialect.INSTANCE;
  }

  /** The URL without its parameters, which may carry a password. */
  @Override
  public String location() {
    int parameters = url.indexOf('?');
    return parameters < 0 ? url : url.substring(0, parameters);
  }

  @Override
  public ParsedQuery parse(String selectSql) {
    return parser.parse(requireNonNull(selectSql, "selectSql is null"));
  }

  @Override
  public PostgresSession openSession() {
    if (closed) {
      throw new IllegalStateException("warehouse " + location() + " is closed");
    }
    try {
      PostgresSession session = new PostgresSession(this, connect());
      sessions.add(session);
      return session;
    } catch (SQLException e) {
      throw new TidemarkException(
          ErrorCode.WAREHOUSE,
          "cannot open a session on " + location() + ": " + Errors.message(e),
          e);
    }
  }

  void sessionClosed(PostgresSession session) {
    sessions.remove(session);
  }

  @Override
  public void close() {
    closed = true;
    for (PostgresSession session : List.copyOf(sessions)) {
      session.close();
    }
  }
}
