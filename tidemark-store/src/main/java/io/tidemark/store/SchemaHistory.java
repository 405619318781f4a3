package io.tidemark.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Whether a database's schema is already that of this build, answered without starting Flyway: its
 * schema history ({@code flyway_schema_history}) holds each migration this build has, applied with
 * success and with the checksum Flyway gives the migration's file, and nothing else. Then Flyway
 * would find nothing to apply and nothing to reject, and a command that opens the store (every
 * command but a few) is spared Flyway's start, a large part of its own.
 *
 * <p>Any other answer (a migration missing, failed, changed or unknown to this build, no history at
 * all, a database that cannot be reached, a migration file that cannot be read) is "not known to be
 * current": {@link Migrations#migrate} then runs Flyway, which applies, validates and reports as it
 * always has. So this check can only skip work Flyway would have found empty.
 */
final class SchemaHistory {
  /** Flyway's default history table, which the store uses. */
  static final String TABLE = "flyway_schema_history";

  private static final String DIRECTORY = "db/migration";
  private static final Pattern VERSIONED = Pattern.compile("V([0-9._]+)__[^/]*\\.sql");

  private SchemaHistory() {}

  /**
   * The migrations of this build, by version (dotted), with their checksums; {@code null} for a
   * Java migration, which has none. Empty when the migrations' files cannot be listed or read.
   */
  static Map<String, Integer> expected(ClassLoader loader, List<String> javaMigrations) {
    Map<String, Integer> expected = new HashMap<>();
    try {
      Enumeration<URL> locations = loader.getResources(DIRECTORY);
      while (locations.hasMoreElements()) {
        URL location = locations.nextElement();
        switch (location.getProtocol()) {
          case "file" -> fromDirectory(Path.of(location.toURI()), expected);
          case "jar" -> fromJar(location, expected);
          default -> {
            return Map.of();
          }
        }
      }
    } catch (IOException | URISyntaxException | UncheckedIOException | IllegalArgumentException e) {
      return Map.of();
    }
    if (expected.isEmpty()) {
      return Map.of();
    }
    for (String version : javaMigrations) {
      if (expected.containsKey(version)) {
        return Map.of();
      }
      expected.put(version, null);
    }
    return expected;
  }

  private static void fromDirectory(Path directory, Map<String, Integer> expected)
      throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(directory)) {
      files = listed.toList();
    }
    for (Path file : files) {
      Matcher versioned = VERSIONED.matcher(file.getFileName().toString());
      if (versioned.matches()) {
        try (InputStream in = Files.newInputStream(file)) {
          add(versioned.group(1), checksum(in), expected);
        }
      }
    }
  }

  private static void fromJar(URL location, Map<String, Integer> expected) throws IOException {
    JarURLConnection connection = (JarURLConnection) location.openConnection();
    connection.setUseCaches(true);
    JarFile jar = connection.getJarFile();
    String prefix = DIRECTORY + "/";
    Enumeration<JarEntry> entries = jar.entries();
    while (entries.hasMoreElements()) {
      JarEntry entry = entries.nextElement();
      String name = entry.getName();
      if (!name.startsWith(prefix) || name.indexOf('/', prefix.length()) >= 0) {
        continue;
      }
      Matcher versioned = VERSIONED.matcher(name.substring(prefix.length()));
      if (versioned.matches()) {
        try (InputStream in = jar.getInputStream(entry)) {
          add(versioned.group(1), checksum(in), expected);
        }
      }
    }
  }

  private static void add(String version, int checksum, Map<String, Integer> expected) {
    // Flyway reads "1_1" as 1.1 and drops leading zeros of each part; the store's are plain.
    String dotted = version.replace('_', '.');
    if (expected.put(dotted, checksum) != null) {
      throw new IllegalArgumentException("two migrations of version " + dotted);
    }
  }

  /** A connection; to SQLite without DriverManager, which would start every driver first. */
  private static Connection connect(String jdbcUrl) throws SQLException {
    if (jdbcUrl.startsWith(Dialect.SQLITE.urlPrefix())) {
      Connection connection = new org.sqlite.JDBC().connect(jdbcUrl, new java.util.Properties());
      if (connection == null) {
        throw new SQLException("not a SQLite URL: " + jdbcUrl);
      }
      return connection;
    }
    return DriverManager.getConnection(jdbcUrl);
  }

  /**
   * Flyway's checksum of a migration file: the CRC-32 of its lines' UTF-8 bytes without their line
   * breaks, a byte-order mark dropped from the first.
   */
  static int checksum(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line != null && line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    while (line != null) {
      crc.update(line.getBytes(StandardCharsets.UTF_8));
      line = reader.readLine();
    }
    return (int) crc.getValue();
  }

  /**
   * Whether the database at {@code jdbcUrl} has exactly the {@code expected} migrations applied,
   * each with success and its checksum. False, never an exception, when it cannot tell.
   */
  static boolean current(String jdbcUrl, Map<String, Integer> expected) {
    if (expected.isEmpty()) {
      return false;
    }
    Map<String, Integer> applied = new HashMap<>();
    try (Connection connection = connect(jdbcUrl);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("select version, checksum, success from " + TABLE)) {
      while (rows.next()) {
        String version = rows.getString(1);
        int checksum = rows.getInt(2);
        boolean noChecksum = rows.wasNull();
        if (!rows.getBoolean(3)) {
          return false;
        }
        if (version == null) {
          // Flyway's own markers (the schema it created): not migrations.
          continue;
        }
        if (applied.containsKey(version)) {
          return false;
        }
        applied.put(version, noChecksum ? null : checksum);
      }
    } catch (SQLException | RuntimeException e) {
      return false;
    }
    if (!applied.keySet().equals(expected.keySet())) {
      return false;
    }
    for (Map.Entry<String, Integer> migration : expected.entrySet()) {
      if (!Objects.equals(applied.get(migration.getKey()), migration.getValue())) {
        return false;
      }
    }
    return true;
  }
}
