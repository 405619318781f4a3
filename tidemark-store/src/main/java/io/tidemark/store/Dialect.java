package io.tidemark.store;

import io.tidemark.store.StoreConnection.Statements;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * What differs between the databases the store runs on. The statements themselves are shared
 * ({@code INSERT … RETURNING} and {@code ON CONFLICT … DO UPDATE} work on both); what differs is
 * how an auto-assigned id is declared, how a connection is tuned, how transactions begin, and how
 * concurrent repair starts are serialised.
 */
enum Dialect {
  SQLITE("jdbc:sqlite:", "INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB", "", 4, true, true) {
    @Override
    void configure(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        // First, so that switching the journal mode waits for a lock instead of failing.
        statement.execute("PRAGMA busy_timeout = 10000");
        // WAL lets readers in other processes (status commands) run beside the writer, and with
        // synchronous=NORMAL a commit does not fsync: a power loss can drop the last commits
        // but never corrupts the file. A dropped task record re-runs an idempotent task.
        journalModeWal(statement);
        statement.execute("PRAGMA synchronous = NORMAL");
        statement.execute("PRAGMA foreign_keys = ON");
      }
    }

    /**
     * Sets WAL mode, which the file keeps once set. SQLite can answer SQLITE_BUSY here without
     * consulting busy_timeout (a new connection meeting another's checkpoint or WAL reset), so a
     * busy answer is tried again, briefly.
     */
    private void journalModeWal(Statement statement) throws SQLException {
      for (int attempt = 1; ; attempt++) {
        try {
          statement.execute("PRAGMA journal_mode = WAL");
          return;
        } catch (SQLException e) {
          String message = String.valueOf(e.getMessage());
          if (attempt >= 50 || !message.contains("SQLITE_BUSY")) {
            throw e;
          }
          try {
            Thread.sleep(Math.min(100, 5L * attempt));
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
          }
        }
      }
    }

    // The driver's own transactions begin DEFERRED, and a deferred transaction that reads before
    // it writes fails at once (without waiting) when another process wrote in between. Beginning
    // IMMEDIATE takes the write lock up front, where busy_timeout applies. The driver would begin
    // its next transaction eagerly after each commit, holding that lock while idle, so the
    // connection stays in auto-commit mode and the store issues BEGIN and COMMIT itself.
    // Prepared once and reused: preparing them on every call cost more than the work itself.
    @Override
    void begin(Connection connection, Statements statements, boolean write) throws SQLException {
      statements.prepare(write ? "BEGIN IMMEDIATE" : "BEGIN").execute();
    }

    @Override
    void commit(Connection connection, Statements statements) throws SQLException {
      statements.prepare("COMMIT").execute();
    }

    @Override
    void rollback(Connection connection, Statements statements) throws SQLException {
      statements.prepare("ROLLBACK").execute();
    }

    // BEGIN IMMEDIATE already holds the database's one write lock.
    @Override
    void lockForRepairStart(Statements statements) {}
  },

  POSTGRESQL(
      "jdbc:postgresql:",
      "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
      "BYTEA",
      " FOR UPDATE",
      10,
      false,
      false) {
    @Override
    void configure(Connection connection) throws SQLException {
      connection.setAutoCommit(false);
    }

    @Override
    void begin(Connection connection, Statements statements, boolean write) {
      // The driver begins a transaction with the first statement after a commit.
    }

    @Override
    void commit(Connection connection, Statements statements) throws SQLException {
      connection.commit();
    }

    @Override
    void rollback(Connection connection, Statements statements) throws SQLException {
      connection.rollback();
    }

    // Repair starts are the only writers of repair_runs, and this mode conflicts with itself and
    // with every write to the table, so they queue here until the one before commits. Reads, and
    // writes to other tables (attempts, finishing runs), go on beside it.
    @Override
    void lockForRepairStart(Statements statements) throws SQLException {
      statements.prepare("LOCK TABLE repair_runs IN SHARE ROW EXCLUSIVE MODE").execute();
    }
  };

  private final String urlPrefix;
  private final String identityColumn;
  private final String bytesColumn;
  private final String lockRows;
  private final int poolSize;
  private final boolean autoCommit;
  private final boolean singleWriter;

  Dialect(
      String urlPrefix,
      String identityColumn,
      String bytesColumn,
      String lockRows,
      int poolSize,
      boolean autoCommit,
      boolean singleWriter) {
    this.urlPrefix = urlPrefix;
    this.identityColumn = identityColumn;
    this.bytesColumn = bytesColumn;
    this.lockRows = lockRows;
    this.poolSize = poolSize;
    this.autoCommit = autoCommit;
    this.singleWriter = singleWriter;
  }

  static Optional<Dialect> of(String jdbcUrl) {
    for (Dialect dialect : values()) {
      if (jdbcUrl.startsWith(dialect.urlPrefix)) {
        return Optional.of(dialect);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code column} compared byte by byte, whatever the database's collation: partition keys sort in
   * time order only so. SQLite compares text so by default.
   */
  String binaryText(String column) {
    return this == POSTGRESQL ? column + " COLLATE \"C\"" : column;
  }

  /**
   * What ends a {@code SELECT} whose rows the transaction goes on to update, so that another
   * process cannot update them in between: {@code FOR UPDATE} on PostgreSQL; nothing on SQLite,
   * where a write transaction already holds the database's one write lock.
   */
  String lockRows() {
    return lockRows;
  }

  String urlPrefix() {
    return urlPrefix;
  }

  /**
   * Connections at most: on SQLite writers take turns anyway and a few readers go beside them; on
   * PostgreSQL enough for a run's workers and a server's requests at once.
   */
  int poolSize() {
    return poolSize;
  }

  /**
   * The connection's auto-commit mode; the store issues its transactions' ends itself either way.
   */
  boolean autoCommit() {
    return autoCommit;
  }

  /** Whether the database admits one writing transaction at a time. */
  boolean singleWriter() {
    return singleWriter;
  }

  /** Flyway placeholders: the per-database text of the migrations' non-portable parts. */
  Map<String, String> migrationPlaceholders() {
    return Map.of(
        "identity",
        identityColumn,
        "bytes",
        bytesColumn,
        "binary",
        this == POSTGRESQL ? " COLLATE \"C\"" : "");
  }

  /** Prepares a freshly opened connection. */
  abstract void configure(Connection connection) throws SQLException;

  abstract void begin(Connection connection, Statements statements, boolean write)
      throws SQLException;

  abstract void commit(Connection connection, Statements statements) throws SQLException;

  abstract void rollback(Connection connection, Statements statements) throws SQLException;

  /**
   * Inside a write transaction, before it reads which repairs are running: makes concurrent repair
   * starts, from any process, take turns, so that two of them cannot both see no conflict. Held
   * until the transaction ends.
   */
  abstract void lockForRepairStart(Statements statements) throws SQLException;
}
