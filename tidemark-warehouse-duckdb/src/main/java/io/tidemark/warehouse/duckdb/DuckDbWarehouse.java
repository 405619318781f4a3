package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.ByteSize;
import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.SqlDialect;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * The embedded default warehouse: one DuckDB database (a file, or memory) per instance. Sessions
 * are duplicates of one root connection, so they share the database and its cache across threads.
 * DuckDB lets one process at a time open a file for writing; a second process gets a {@code
 * CONFLICT} error naming the file.
 */
public final class DuckDbWarehouse implements Warehouse {
  private static final Pattern LOCK_HOLDER = Pattern.compile("\\(PID (\\d+)\\)");

  private final String location;
  private final DuckDBConnection root;
  private final SchemaRegistry schemas;
  private final TableWrites tableWrites = new TableWrites();
  private final QueryParser parser = new QueryParser();
  private final Set<DuckDbSession> sessions = ConcurrentHashMap.newKeySet();
  private final Object lifecycle = new Object();
  private boolean closed; // guarded by lifecycle
  private volatile String fileSearchPath = "";
  private final WriteCheckpoints writeCheckpoints;

  private DuckDbWarehouse(String location, DuckDBConnection root, boolean readOnly)
      throws SQLException {
    this.location = location;
    this.root = root;
    this.schemas = new SchemaRegistry(existingSchemas(root));
    this.writeCheckpoints =
        readOnly || location.equals(":memory:")
            ? WriteCheckpoints.NONE
            : new WriteCheckpoints(WriteCheckpoints.DEFAULT_EVERY);
  }

  /** Opens (or creates) the warehouse in {@code file}, creating its parent directories. */
  public static DuckDbWarehouse open(Path file) {
    return open(file, null);
  }

  /**
   * Opens (or creates) the warehouse in {@code file} with the memory, threads and spill directory
   * of {@code resources}; null leaves DuckDB's defaults.
   */
  static DuckDbWarehouse open(Path file, DuckDbResources resources) {
    requireNonNull(file, "file is null");
    Path absolute = file.toAbsolutePath().normalize();
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.WAREHOUSE,
          "cannot create the directory of warehouse file " + absolute + ": " + e.getMessage(),
          e);
    }
    return connect(absolute.toString(), "jdbc:duckdb:" + absolute, false, resources);
  }

  /**
   * Opens the existing warehouse in {@code file} for reading only: DuckDB refuses every write, and
   * other processes may read it at the same time.
   */
  public static DuckDbWarehouse openReadOnly(Path file) {
    requireNonNull(file, "file is null");
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw new TidemarkException(
          ErrorCode.NOT_FOUND, "warehouse file " + absolute + " does not exist");
    }
    return connect(absolute.toString(), "jdbc:duckdb:" + absolute, true, null);
  }

  /** A private in-memory warehouse, gone when closed. */
  public static DuckDbWarehouse openInMemory() {
    return openInMemory(null);
  }

  /** A private in-memory warehouse with {@code resources} (null: DuckDB's defaults). */
  static DuckDbWarehouse openInMemory(DuckDbResources resources) {
    return connect(":memory:", "jdbc:duckdb:", false, resources);
  }

  private static DuckDbWarehouse connect(
      String location, String url, boolean readOnly, DuckDbResources resources) {
    Properties properties = new Properties();
    if (resources != null) {
      resources.addTo(properties, location.equals(":memory:"));
    }
    if (readOnly) {
      properties.setProperty(DuckDBDriver.DUCKDB_READONLY_PROPERTY, "true");
    }
    // Query results stream instead of materialising whole, so query(sql, maxRows) stays cheap.
    properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
    DuckDBConnection root = null;
    try {
      root = (DuckDBConnection) new DuckDBDriver().connect(url, properties);
      return new DuckDbWarehouse(location, root, readOnly);
    } catch (SQLException e) {
      closeQuietly(root, e);
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (message.contains("Could not set lock on file")) {
        Matcher holder = LOCK_HOLDER.matcher(message);
        throw new TidemarkException(
            ErrorCode.CONFLICT,
            "the warehouse file "
                + location
                + " is in use by another process"
                + (holder.find() ? " (PID " + holder.group(1) + ")" : "")
                + "; DuckDB allows one process at a time, so wait for it to finish or stop it",
            e);
      }
      throw new TidemarkException(
          ErrorCode.WAREHOUSE,
          "cannot open warehouse " + location + ": " + EngineMessages.of(e),
          e);
    }
  }

  private static List<String> existingSchemas(DuckDBConnection root) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement statement = root.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT schema_name FROM duckdb_schemas()"
                    + " WHERE database_name = current_database()")) {
      while (result.next()) {
        names.add(result.getString(1));
      }
    }
    return names;
  }

  @Override
  public SqlDialect dialect() {
    return DuckDbDialect.INSTANCE;
  }

  @Override
  public String name() {
    return "duckdb";
  }

  /**
   * Makes relative file paths in queries (a model's allowed {@code read_csv('reference/x.csv')})
   * resolve against {@code directory}, the project, rather than the process's working directory.
   * Applies to sessions opened afterwards.
   */
  public DuckDbWarehouse resolvingFilesFrom(Path directory) {
    this.fileSearchPath = directory.toAbsolutePath().normalize().toString();
    return this;
  }

  /**
   * Switches DuckDB's external access off for this database: from now on no query reads or writes a
   * file outside the database, attaches one or loads an extension. It cannot be switched on again
   * while the database is open.
   */
  public DuckDbWarehouse withoutFileAccess() {
    synchronized (lifecycle) {
      try (Statement statement = root.createStatement()) {
        statement.execute("SET enable_external_access = false");
      } catch (SQLException e) {
        throw new TidemarkException(
            ErrorCode.WAREHOUSE,
            "cannot confine warehouse " + location + ": " + EngineMessages.of(e),
            e);
      }
    }
    return this;
  }

  /** Where the data lives: the file's absolute path, or {@code :memory:}. */
  public String location() {
    return location;
  }

  @Override
  public ParsedQuery parse(String selectSql) {
    requireNonNull(selectSql, "selectSql is null");
    return parser.parse(selectSql);
  }

  @Override
  public DuckDbSession openSession() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("warehouse " + location + " is closed");
      }
      DuckDBConnection connection;
      boolean profiled;
      try {
        connection = root.duplicate();
        profiled = EngineProfile.enable(connection);
        if (!fileSearchPath.isEmpty()) {
          // A session setting in DuckDB: each duplicate needs it.
          try (Statement statement = connection.createStatement()) {
            statement.execute("SET file_search_path = " + Sql.string(fileSearchPath));
          }
        }
      } catch (SQLException e) {
        throw new TidemarkException(
            ErrorCode.WAREHOUSE, "cannot open a session: " + EngineMessages.of(e), e);
      }
      DuckDbSession session =
          new DuckDbSession(this, connection, schemas, profiled, writeCheckpoints, tableWrites);
      sessions.add(session);
      return session;
    }
  }

  /**
   * Checkpoints the database: the write-ahead log and the tables changed since the last checkpoint
   * go to the file, blocks freed by rewritten tables become reusable, and closing has little left
   * to do. DuckDB refuses while another transaction runs (a server's scheduled run); the checkpoint
   * is then left to its automatic ones.
   */
  @Override
  public boolean checkpoints() {
    return !location.equals(":memory:");
  }

  @Override
  public Optional<WarehouseStorage> checkpoint() {
    if (!checkpoints()) {
      return Optional.empty();
    }
    synchronized (lifecycle) {
      if (closed) {
        return Optional.empty();
      }
      long started = System.nanoTime();
      try (Statement statement = root.createStatement()) {
        statement.execute("CHECKPOINT");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        try (ResultSet size =
            statement.executeQuery("SELECT block_size, used_blocks FROM pragma_database_size()")) {
          size.next();
          long used = size.getLong(1) * size.getLong(2);
          return Optional.of(
              new WarehouseStorage(
                  ByteSize.ofBytes(Files.size(Path.of(location))), ByteSize.ofBytes(used), took));
        }
      } catch (SQLException | IOException e) {
        return Optional.empty();
      }
    }
  }

  void sessionClosed(DuckDbSession session) {
    sessions.remove(session);
  }

  /** Closes every open session, then the database; a file is checkpointed by DuckDB on close. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    TidemarkException failure = null;
    for (DuckDbSession session : List.copyOf(sessions)) {
      try {
        session.close();
      } catch (TidemarkException e) {
        failure = e;
      }
    }
    parser.close();
    try {
      root.close();
    } catch (SQLException e) {
      TidemarkException closing =
          new TidemarkException(
              ErrorCode.WAREHOUSE,
              "could not close warehouse " + location + ": " + EngineMessages.of(e),
              e);
      if (failure != null) {
        closing.addSuppressed(failure);
      }
      throw closing;
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void closeQuietly(DuckDBConnection connection, Exception failure) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
