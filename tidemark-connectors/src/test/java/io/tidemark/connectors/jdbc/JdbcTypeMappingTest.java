package io.tidemark.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connectors.support.CollectingSink;
import io.tidemark.connectors.support.LoadSpecs;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.LoadRequest;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.secret.Secrets;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The documented type mapping, per database, on a table holding every mapped type. */
class JdbcTypeMappingTest {
  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";

  private final String name =
      "tm_types_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  private static void sql(String url, String user, String... statements) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, user, "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static CollectingSink load(String url, String user, String table) {
    CollectingSink sink = new CollectingSink();
    new JdbcLoader(Secrets.NONE)
        .load(
            new LoadRequest(
                AssetName.of("raw", "types"),
                LoadSpecs.of("jdbc", Map.of("url", url, "user", user, "table", table)),
                Partitioning.NONE,
                PartitionKey.ALL,
                Optional.empty()),
            sink);
    return sink;
  }

  @Test
  void postgresTypesMapAsDocumented() throws Exception {
    sql(
        POSTGRES,
        "postgres",
        "create schema " + name,
        "create table "
            + name
            + ".t (b boolean, s smallint, i integer, g bigint, r real,"
            + " d double precision, n numeric(12,3), nu numeric, t text, v varchar(5), j jsonb,"
            + " u uuid, dt date, ts timestamp, tz timestamptz, bin bytea)",
        "insert into "
            + name
            + ".t values (true, 1, 2, 3, 1.5, 2.25, 123456789.125, 1.5, 'x',"
            + " 'y', '{\"a\": 1}', '00000000-0000-0000-0000-000000000001', '2024-02-29',"
            + " '2024-02-29 10:11:12', '2024-02-29 10:11:12+02', '\\x0102')",
        "insert into "
            + name
            + ".t values (null, null, null, null, null, null, null, null, null,"
            + " null, null, null, null, null, null, null)");
    try {
      CollectingSink sink = load(POSTGRES, "postgres", name + ".t");
      assertThat(sink.columns())
          .extracting(LoadColumn::sqlType)
          .containsExactly(
              "BOOLEAN",
              "BIGINT",
              "BIGINT",
              "BIGINT",
              "DOUBLE",
              "DOUBLE",
              "DECIMAL(12,3)",
              "DOUBLE",
              "VARCHAR",
              "VARCHAR",
              "VARCHAR",
              "VARCHAR",
              "DATE",
              "TIMESTAMP",
              "TIMESTAMP",
              "BLOB");
      Object[] row = sink.rows().get(0);
      assertThat(Arrays.copyOfRange(row, 0, 15))
          .containsExactly(
              true,
              1L,
              2L,
              3L,
              1.5,
              2.25,
              new BigDecimal("123456789.125"),
              1.5,
              "x",
              "y",
              "{\"a\": 1}",
              "00000000-0000-0000-0000-000000000001",
              LocalDate.of(2024, 2, 29),
              LocalDateTime.of(2024, 2, 29, 10, 11, 12),
              LocalDateTime.of(2024, 2, 29, 8, 11, 12));
      assertThat((byte[]) row[15]).containsExactly(1, 2);
      assertThat(sink.rows().get(1)).containsOnlyNulls();
    } finally {
      sql(POSTGRES, "postgres", "drop schema " + name + " cascade");
    }
  }

  @Test
  void mariadbTypesMapAsDocumented() throws Exception {
    sql(
        MARIADB,
        "root",
        "create database " + name,
        "create table "
            + name
            + ".t (b boolean, bt bit(1), s smallint, i int, g bigint, y year,"
            + " f float, d double, n decimal(12,3), t text, v varchar(5), e enum('a','b'),"
            + " dt date, ts datetime, tz timestamp null, bin varbinary(4))",
        "insert into "
            + name
            + ".t values (true, b'1', 1, 2, 3, 2024, 1.5, 2.25, 123456789.125,"
            + " 'x', 'y', 'b', '2024-02-29', '2024-02-29 10:11:12', '2024-02-29 10:11:12',"
            + " x'0102')");
    try {
      CollectingSink sink = load(MARIADB + name, "root", "t");
      assertThat(sink.columns())
          .extracting(LoadColumn::sqlType)
          .containsExactly(
              "BOOLEAN",
              "BOOLEAN",
              "BIGINT",
              "BIGINT",
              "BIGINT",
              "BIGINT",
              "DOUBLE",
              "DOUBLE",
              "DECIMAL(12,3)",
              "VARCHAR",
              "VARCHAR",
              "VARCHAR",
              "DATE",
              "TIMESTAMP",
              "TIMESTAMP",
              "BLOB");
      Object[] row = sink.rows().get(0);
      assertThat(Arrays.copyOfRange(row, 0, 15))
          .containsExactly(
              true,
              true,
              1L,
              2L,
              3L,
              2024L,
              1.5,
              2.25,
              new BigDecimal("123456789.125"),
              "x",
              "y",
              "b",
              LocalDate.of(2024, 2, 29),
              LocalDateTime.of(2024, 2, 29, 10, 11, 12),
              LocalDateTime.of(2024, 2, 29, 10, 11, 12));
      assertThat((byte[]) row[15]).containsExactly(1, 2);
    } finally {
      sql(MARIADB, "root", "drop database " + name);
    }
  }

  @Test
  void aQueryThatWritesFailsInTheReadOnlyTransaction() throws Exception {
    sql(POSTGRES, "postgres", "create schema " + name, "create sequence " + name + ".s");
    try {
      CollectingSink sink = new CollectingSink();
      assertThatThrownBy(
              () ->
                  new JdbcLoader(Secrets.NONE)
                      .load(
                          new LoadRequest(
                              AssetName.of("raw", "t"),
                              LoadSpecs.of(
                                  "jdbc",
                                  Map.of(
                                      "url",
                                      POSTGRES,
                                      "user",
                                      "postgres",
                                      "query",
                                      "select nextval('" + name + ".s') as x")),
                              Partitioning.NONE,
                              PartitionKey.ALL,
                              Optional.empty()),
                          sink))
          .isInstanceOfSatisfying(
              TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY))
          .hasMessageContaining("source raw.t (jdbc, jdbc:postgresql://127.0.0.1:5432/test)")
          .hasMessageContaining("read-only transaction");
    } finally {
      sql(POSTGRES, "postgres", "drop schema " + name + " cascade");
    }
  }

  @Test
  void anUnreachableHostAndAWrongPasswordAreNamed() {
    CollectingSink sink = new CollectingSink();
    assertThatThrownBy(() -> load("jdbc:postgresql://127.0.0.1:9/test", "postgres", "x"))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SOURCE))
        .hasMessageContaining(
            "source raw.types (jdbc, jdbc:postgresql://127.0.0.1:9/test): cannot connect");
    assertThatThrownBy(() -> load(MARIADB, "no_such_user_tm", "x"))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY))
        .hasMessageContaining("Access denied");
    assertThat(sink.rows()).isEmpty();
  }
}
