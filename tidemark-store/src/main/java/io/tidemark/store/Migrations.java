package io.tidemark.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Brings a database to the current schema with Flyway. Migrations live in {@code db/migration}, one
 * file per version for both databases (see the comment atop {@code V1}); those that compute in Java
 * rather than SQL are classes here ({@link FillRowCountChunks}).
 */
final class Migrations {
  static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  /**
   * Brings the database to this build's schema. A database whose history already holds every
   * migration of this build as this build has it is left alone without starting Flyway (see {@link
   * SchemaHistory}); any other goes through Flyway.
   */
  static void migrate(String jdbcUrl, Dialect dialect) {
    if (SchemaHistory.current(jdbcUrl, expected())) {
      return;
    }
    FluentConfiguration configuration =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(jdbcUrl, null, null)
            .locations(LOCATION)
            .failOnMissingLocations(true)
            // Versions are taken by features as they are built, not in the order they land: a
            // database already at a later version still gets an earlier one that arrives after.
            .outOfOrder(true)
            .placeholders(dialect.migrationPlaceholders())
            .javaMigrations(new FillRowCountChunks(dialect));
    // SQLite has no schemas. On PostgreSQL the connection's currentSchema is where the store
    // lives: Flyway must create it and keep its history there, not in public.
    if (dialect == Dialect.POSTGRESQL) {
      currentSchema(jdbcUrl)
          .ifPresent(schema -> configuration.schemas(schema).defaultSchema(schema));
    }
    configuration.load().migrate();
  }

  /** This build's migrations and their checksums, as {@link SchemaHistory} compares them. */
  static Map<String, Integer> expected() {
    return SchemaHistory.expected(Migrations.class.getClassLoader(), JAVA_MIGRATIONS);
  }

  /** The versions of the migrations written in Java, each a class here. */
  private static final List<String> JAVA_MIGRATIONS = List.of(FillRowCountChunks.VERSION);

  /** The first schema of the URL's {@code currentSchema} parameter (a search path). */
  static Optional<String> currentSchema(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    if (query < 0) {
      return Optional.empty();
    }
    for (String parameter : jdbcUrl.substring(query + 1).split("&")) {
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).equals("currentSchema")) {
        String searchPath =
            URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
        String first = searchPath.split(",", -1)[0].strip();
        return first.isEmpty() ? Optional.empty() : Optional.of(first);
      }
    }
    return Optional.empty();
  }
}
