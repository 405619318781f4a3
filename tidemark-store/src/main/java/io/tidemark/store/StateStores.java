package io.tidemark.store;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.api.FlywayException;

/** Opens the state store a project's configuration names. */
public final class StateStores {
  private StateStores() {}

  /**
   * Opens the store at {@code jdbcUrl}, bringing its schema up to date.
   *
   * <p>{@code jdbc:sqlite:path} names a file; a relative path is resolved against {@code
   * projectRoot} and missing parent directories are created. {@code jdbc:postgresql:…} is used as
   * given; when it carries {@code currentSchema}, the store lives in (and creates) that schema.
   *
   * @throws TidemarkException {@code INVALID_ARGUMENT} for a URL of another kind, {@code
   *     STATE_STORE} when the database cannot be reached or migrated
   */
  public static JdbcStateStore open(String jdbcUrl, Path projectRoot) {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(projectRoot, "projectRoot is null");
    Dialect dialect =
        Dialect.of(jdbcUrl)
            .orElseThrow(
                () ->
                    new TidemarkException(
                        ErrorCode.INVALID_ARGUMENT,
                        "unsupported state store URL '"
                            + redacted(jdbcUrl)
                            + "': use jdbc:sqlite:<file> or jdbc:postgresql://<host>/<database>"));
    String url = dialect == Dialect.SQLITE ? sqliteFileUrl(jdbcUrl, projectRoot) : jdbcUrl;
    try {
      Migrations.migrate(url, dialect);
    } catch (FlywayException e) {
      Optional<SQLException> connection = connectionFailure(e);
      if (connection.isPresent()) {
        throw new TidemarkException(
            ErrorCode.STATE_STORE,
            "cannot connect to the state store ("
                + describe(url, dialect)
                + "): "
                + reason(connection.get()),
            e);
      }
      throw new TidemarkException(
          ErrorCode.STATE_STORE,
          "cannot migrate the state store ("
              + describe(url, dialect)
              + "): "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
    return new JdbcStateStore(new StoreConnection(url, dialect));
  }

  private static String sqliteFileUrl(String jdbcUrl, Path projectRoot) {
    String rest = jdbcUrl.substring(Dialect.SQLITE.urlPrefix().length());
    int query = rest.indexOf('?');
    String location = query < 0 ? rest : rest.substring(0, query);
    String parameters = query < 0 ? "" : rest.substring(query);
    // Flyway and the store open separate connections, which would see separate in-memory
    // databases; and state that dies with the process is no state store.
    if (location.isEmpty() || location.equals(":memory:") || rest.contains("mode=memory")) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "state store URL '" + jdbcUrl + "' is an in-memory SQLite database: name a file");
    }
    if (location.startsWith("file:")) {
      // A SQLite URI: the user has taken control of its interpretation.
      return jdbcUrl;
    }
    Path file;
    try {
      file = projectRoot.resolve(location).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "state store URL '" + jdbcUrl + "' does not name a file: " + e.getMessage(),
          e);
    }
    Path directory = file.getParent();
    if (directory != null) {
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new TidemarkException(
            ErrorCode.STATE_STORE,
            "cannot create directory " + directory + " for the state store: " + e,
            e);
      }
    }
    return Dialect.SQLITE.urlPrefix() + file + parameters;
  }

  /**
   * Flyway wraps a failed connection in a multi-line report naming a null user; the driver's own
   * exception says what the server said.
   */
  private static Optional<SQLException> connectionFailure(Throwable failure) {
    SQLException found = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        found = sql;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The server's reason in one line, without the severity prefix PostgreSQL puts first. */
  private static String reason(SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String first = message.lines().findFirst().orElse(message).trim();
    return first.replaceFirst("^(FATAL|ERROR):\\s+", "");
  }

  /** Where the store is, for messages: the host, port, database and user; never a password. */
  static String describe(String url, Dialect dialect) {
    if (dialect == Dialect.SQLITE) {
      return "SQLite file " + url.substring(Dialect.SQLITE.urlPrefix().length());
    }
    Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
    if (parsed == null) {
      return redacted(url);
    }
    String user = parsed.getProperty("user", System.getProperty("user.name", "?"));
    return "PostgreSQL at "
        + parsed.getProperty("PGHOST", "localhost")
        + ":"
        + parsed.getProperty("PGPORT", "5432")
        + ", database '"
        + parsed.getProperty("PGDBNAME", "")
        + "', user '"
        + user
        + "'";
  }

  /** The URL without its password, for messages. */
  static String redacted(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
