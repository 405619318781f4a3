package io.tidemark.warehouse.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Databases of their own on the test server (127.0.0.1:5432, user postgres, trust), made for one
 * test and dropped after it, so that tests running at the same time never meet.
 */
final class TestDatabases implements AutoCloseable {
  static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String USER = "postgres";

  private final List<String> made = new ArrayList<>();

  /** A new empty database; its JDBC URL. */
  String create() {
    String name = "tidemark_wh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("create database " + name);
    made.add(name);
    return SERVER + name;
  }

  @Override
  public void close() {
    for (String name : made) {
      admin("drop database if exists " + name + " with (force)");
    }
    made.clear();
  }

  static void admin(String sql) {
    try (Connection connection = DriverManager.getConnection(SERVER + "test", USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
