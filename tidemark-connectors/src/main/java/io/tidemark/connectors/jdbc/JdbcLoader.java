package io.tidemark.connectors.jdbc;

import static java.util.Objects.requireNonNull;

import io.tidemark.connectors.secret.Redaction;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.load.LoadMode;
import io.tidemark.core.load.LoadRequest;
import io.tidemark.core.load.LoadSink;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.load.SourceLoader;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.secret.Secrets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * Copies tables of service databases (PostgreSQL, MariaDB/MySQL) into the warehouse, read-only:
 * every load runs in a read-only transaction, streams its rows with a fetch size so memory stays
 * flat, holds at most {@code max_connections} connections per database at once, and reads at most
 * {@code rows_per_second} when set.
 *
 * <pre>
 * load:
 *   from: jdbc
 *   url: jdbc:postgresql://db.internal:5432/shop
 *   user: analytics_reader
 *   password: ${secret:SHOP_DB_PASSWORD}
 *   table: public.orders          # or query: SELECT …
 *   mode: incremental             # snapshot | incremental | partition
 *   cursor: updated_at
 *   lookback: 2h
 * </pre>
 */
public final class JdbcLoader implements SourceLoader {
  private static final List<String> KEYS =
      List.of(
          "url",
          "user",
          "password",
          "table",
          "query",
          "fetch_size",
          "max_connections",
          "rows_per_second");
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");
  static final int DEFAULT_FETCH_SIZE = 10_000;
  static final int DEFAULT_MAX_CONNECTIONS = 4;

  private final Secrets secrets;

  /** Connections in use per database, across every load of this process. */
  private final ConcurrentHashMap<String, Semaphore> connectionLimits = new ConcurrentHashMap<>();

  public JdbcLoader(Secrets secrets) {
    this.secrets = requireNonNull(secrets, "secrets is null");
  }

  @Override
  public String type() {
    return "jdbc";
  }

  @Override
  public void validate(LoadSpec spec) {
    spec.requireKnown(KEYS);
    String url = spec.required("url", "the service database's JDBC URL");
    if (JdbcDatabase.of(url).isEmpty()) {
      throw spec.error(
          "url",
          "unsupported JDBC URL (expected jdbc:postgresql://…, jdbc:mariadb://… or jdbc:mysql://…)");
    }
    boolean table = spec.text("table").isPresent();
    boolean query = spec.text("query").isPresent();
    if (table == query) {
      throw spec.error(null, "a jdbc load names either a table or a query");
    }
    if (table && !TABLE.matcher(spec.text("table").get()).matches()) {
      throw spec.error("table", "'" + spec.text("table").get() + "' is not a table name");
    }
    if (spec.number("fetch_size", DEFAULT_FETCH_SIZE) < 1) {
      throw spec.error("fetch_size", "fetch_size must be at least 1");
    }
    if (spec.number("max_connections", DEFAULT_MAX_CONNECTIONS) < 1) {
      throw spec.error("max_connections", "max_connections must be at least 1");
    }
    if (spec.number("rows_per_second", 0) < 0) {
      throw spec.error("rows_per_second", "rows_per_second cannot be negative");
    }
  }

  @Override
  public void load(LoadRequest request, LoadSink sink) {
    LoadSpec spec = request.spec();
    validate(spec);
    String url = spec.text("url").orElseThrow();
    JdbcDatabase database = JdbcDatabase.of(url).orElseThrow();
    String where = describe(request, url);
    Redaction redaction = new Redaction(secrets);
    Semaphore limit =
        connectionLimits.computeIfAbsent(
            JdbcDatabase.withoutCredentials(url),
            u -> new Semaphore((int) spec.number("max_connections", DEFAULT_MAX_CONNECTIONS)));
    try {
      limit.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TidemarkException(
          ErrorCode.SOURCE, where + ": interrupted waiting for a connection");
    }
    try (Connection connection = connect(url, spec, redaction, where)) {
      read(connection, database, request, sink, where, redaction);
    } catch (SQLException e) {
      throw failure(where, e, redaction);
    } finally {
      limit.release();
    }
  }

  private Connection connect(String url, LoadSpec spec, Redaction redaction, String where)
      throws SQLException {
    Properties properties = new Properties();
    spec.text("user").ifPresent(user -> properties.setProperty("user", redaction.reveal(user)));
    spec.text("password")
        .ifPresent(password -> properties.setProperty("password", redaction.reveal(password)));
    Connection connection;
    try {
      connection = DriverManager.getConnection(redaction.reveal(url), properties);
    } catch (SQLException e) {
      throw failure(where + ": cannot connect", e, redaction);
    }
    try {
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  private void read(
      Connection connection,
      JdbcDatabase database,
      LoadRequest request,
      LoadSink sink,
      String where,
      Redaction redaction)
      throws SQLException {
    LoadSpec spec = request.spec();
    try (Statement session = connection.createStatement()) {
      for (String statement : database.sessionSetup()) {
        session.execute(statement);
      }
    }
    List<Object> parameters = new ArrayList<>();
    String sql = query(database, request, parameters);
    try (PreparedStatement statement =
        connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      statement.setFetchSize((int) spec.number("fetch_size", DEFAULT_FETCH_SIZE));
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      RowPacer pacer = new RowPacer(spec.number("rows_per_second", 0));
      try (ResultSet rows = statement.executeQuery()) {
        List<JdbcTypes.Mapped> columns = JdbcTypes.map(rows.getMetaData());
        sink.columns(columns.stream().map(JdbcTypes.Mapped::column).toList());
        Object[] values = new Object[columns.size()];
        while (rows.next()) {
          for (int i = 0; i < values.length; i++) {
            values[i] = columns.get(i).reader().read(rows, i + 1);
          }
          sink.row(values);
          pacer.oneMore();
        }
      }
    } finally {
      connection.rollback();
    }
  }

  /** The query of one partition, or of the rows past the low bound, or of the whole source. */
  private static String query(JdbcDatabase database, LoadRequest request, List<Object> parameters) {
    LoadSpec spec = request.spec();
    String from =
        spec.text("table").isPresent()
            ? database.table(spec.text("table").get())
            : "(" + spec.text("query").get() + ") tidemark_source";
    String sql = "SELECT * FROM " + from;
    PartitionKey partition = request.partition();
    if (request.partitioning().isPartitioned()) {
      String column = database.identifier(request.partitioning().column());
      sql += " WHERE " + column + " >= ? AND " + column + " < ?";
      parameters.add(partition.start());
      parameters.add(partition.end());
    } else if (spec.mode() == LoadMode.INCREMENTAL && request.lowBound().isPresent()) {
      sql += " WHERE " + database.identifier(spec.cursor()) + " >= ?";
      parameters.add(request.lowBound().get());
    }
    return sql;
  }

  private static String describe(LoadRequest request, String url) {
    return "source "
        + request.source()
        + " (jdbc, "
        + JdbcDatabase.withoutCredentials(url)
        + (request.partition().equals(PartitionKey.ALL) ? "" : ", " + request.partition())
        + ")";
  }

  /**
   * A failure in the source's terms: a refused login or a missing table will not pass by retrying
   * ({@code QUERY}); a server that cannot be reached may ({@code SOURCE}). Never holds a secret.
   */
  private static TidemarkException failure(String where, SQLException e, Redaction redaction) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    message = message.lines().findFirst().orElse(message).replaceFirst("^(FATAL|ERROR):\\s+", "");
    message = redaction.apply(message);
    boolean permanent =
        state.startsWith("28") // invalid authorization
            || state.startsWith("42") // syntax error or access rule violation (no such table)
            || state.startsWith("3D") // invalid catalog (no such database)
            || state.startsWith("25") // invalid transaction state (a write in a read-only one)
            || state.startsWith("0A"); // feature not supported
    return new TidemarkException(
        permanent ? ErrorCode.QUERY : ErrorCode.SOURCE, where + ": " + message, null);
  }

  /** Spreads reads so that a load takes at most {@code rowsPerSecond} rows a second. */
  private static final class RowPacer {
    private final long rowsPerSecond;
    private final long started = System.nanoTime();
    private long rows;

    RowPacer(long rowsPerSecond) {
      this.rowsPerSecond = rowsPerSecond;
    }

    void oneMore() {
      rows++;
      if (rowsPerSecond <= 0 || rows % 100 != 0) {
        return;
      }
      long due = started + rows * 1_000_000_000L / rowsPerSecond;
      long ahead = due - System.nanoTime();
      if (ahead > 0) {
        try {
          Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TidemarkException(ErrorCode.SOURCE, "load interrupted");
        }
      }
    }
  }
}
