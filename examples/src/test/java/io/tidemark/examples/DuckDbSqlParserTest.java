package io.tidemark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.TableReference;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DuckDbSqlParserTest {
  @Test
  void seesEveryTableButNotCommonTableExpressions() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      ParsedQuery parsed =
          new DuckDbSqlParser(connection)
              .apply(
                  "-- from comments nothing is read\n"
                      + "with recent as (select * from raw.users)\n"
                      + "select * from recent join staging.stg_users using (user_id)\n"
                      + "where user_id in (select user_id from orders)");

      assertThat(parsed.problem()).isEmpty();
      assertThat(parsed.tables())
          .containsExactlyInAnyOrder(
              new TableReference("raw", "users"),
              new TableReference("staging", "stg_users"),
              new TableReference("", "orders"));
    }
  }

  @Test
  void reportsSyntaxErrors() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      assertThat(new DuckDbSqlParser(connection).apply("select from where").problem()).isPresent();
    }
  }
}
