package io.tidemark.connectors.jdbc;

import java.util.List;
import java.util.Optional;

/** What differs between the service databases a JDBC load reads. */
enum JdbcDatabase {
  POSTGRESQL("jdbc:postgresql:") {
    @Override
    String identifier(String name) {
      return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    List<String> sessionSetup() {
      // Timestamps with a time zone arrive in UTC, as partitions are.
      return List.of("SET TIME ZONE 'UTC'");
    }
  },
  MARIADB("jdbc:mariadb:", "jdbc:mysql:") {
    @Override
    String identifier(String name) {
      return '`' + name.replace("`", "``") + '`';
    }

    @Override
    List<String> sessionSetup() {
      // The driver's read-only flag is a hint to it; the server enforces this one.
      return List.of("SET time_zone = '+00:00'", "SET TRANSACTION READ ONLY");
    }
  };

  private final List<String> prefixes;

  JdbcDatabase(String... prefixes) {
    this.prefixes = List.of(prefixes);
  }

  static Optional<JdbcDatabase> of(String url) {
    for (JdbcDatabase database : values()) {
      if (database.prefixes.stream().anyMatch(url::startsWith)) {
        return Optional.of(database);
      }
    }
    return Optional.empty();
  }

  abstract String identifier(String name);

  /** Statements run on a new connection before the load's query. */
  abstract List<String> sessionSetup();

  /** {@code schema.table} with each part quoted. */
  String table(String name) {
    StringBuilder quoted = new StringBuilder();
    for (String part : name.split("\\.")) {
      quoted.append(quoted.length() == 0 ? "" : ".").append(identifier(part));
    }
    return quoted.toString();
  }

  /** The URL without its query string or user information: where, for messages. */
  static String withoutCredentials(String url) {
    String bare = url;
    int query = bare.indexOf('?');
    if (query >= 0) {
      bare = bare.substring(0, query);
    }
    int scheme = bare.indexOf("//");
    int at = bare.indexOf('@');
    if (scheme >= 0 && at > scheme) {
      bare = bare.substring(0, scheme + 2) + bare.substring(at + 1);
    }
    return bare;
  }
}
