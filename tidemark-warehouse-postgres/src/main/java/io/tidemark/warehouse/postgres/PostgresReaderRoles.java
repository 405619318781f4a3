package io.tidemark.warehouse.postgres;

import io.tidemark.core.warehouse.ReaderRoles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read-only roles on PostgreSQL. Besides SELECT on what exists, the role gets default privileges on
 * what the connecting user creates later in the schemas: Tidemark makes tables and views again when
 * their columns change, and a BI dashboard must not lose its grant on the next run. Its sessions
 * default to read-only transactions, a second fence behind the missing privileges.
 */
final class PostgresReaderRoles implements ReaderRoles {
  private final Connection connection;

  PostgresReaderRoles(Connection connection) {
    this.connection = connection;
  }

  @Override
  public List<String> grantReadOnly(String role, Optional<String> password, List<String> schemas) {
    String quoted = PostgresDialect.INSTANCE.identifier(role);
    List<String> statements = new ArrayList<>();
    try {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        String attributes = " nosuperuser nocreatedb nocreaterole noreplication nobypassrls login";
        statements.add(
            (exists(role) ? "alter role " : "create role ") + quoted + " with" + attributes);
        statements.add("alter role " + quoted + " set default_transaction_read_only = on");
        statements.add(
            "grant connect on database "
                + PostgresDialect.INSTANCE.identifier(database())
                + " to "
                + quoted);
        for (String schema : schemas) {
          String s = PostgresDialect.INSTANCE.identifier(schema);
          statements.add("create schema if not exists " + s);
          statements.add("grant usage on schema " + s + " to " + quoted);
          statements.add("grant select on all tables in schema " + s + " to " + quoted);
          statements.add(
              "alter default privileges in schema " + s + " grant select on tables to " + quoted);
        }
        for (String sql : statements) {
          statement.execute(sql);
        }
        if (password.isPresent()) {
          statement.execute(
              "alter role "
                  + quoted
                  + " with password "
                  + PostgresDialect.INSTANCE.string(password.get()));
          statements.add("alter role " + quoted + " with password '…'");
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw Errors.of(e, "granting read access to " + role + ": ");
    }
    return statements;
  }

  private boolean exists(String role) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("select 1 from pg_roles where rolname = ?")) {
      query.setString(1, role);
      try (ResultSet result = query.executeQuery()) {
        return result.next();
      }
    }
  }

  private String database() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select current_database()")) {
      result.next();
      return result.getString(1);
    }
  }
}
