package io.tidemark.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.TableReference;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseConfig;
import io.tidemark.core.warehouse.WarehouseProvider;
import io.tidemark.core.warehouse.WarehouseProviders;
import io.tidemark.core.warehouse.WarehouseSession;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine is found by its type, reads its credentials from the environment, parses models. */
class PostgresWarehouseProviderTest {
  private final TestDatabases databases = new TestDatabases();

  @AfterEach
  void dropDatabases() {
    databases.close();
  }

  @Test
  void theServiceLoaderFindsPostgresByItsType() {
    assertThat(WarehouseProviders.installed().find("postgres"))
        .containsInstanceOf(PostgresWarehouseProvider.class);
  }

  @Test
  void credentialsComeFromTheEnvironmentVariablesTheProjectNames() {
    String url = databases.create();
    WarehouseConfig config =
        new WarehouseConfig(
            "postgres",
            Map.of(
                "url",
                url + "?ApplicationName=tidemark",
                "user_env",
                "WH_USER",
                "password_env",
                ""),
            Map.of("url", "tidemark.yml:4"));
    WarehouseProvider provider = new PostgresWarehouseProvider();

    try (Warehouse warehouse =
            provider.open(config, Path.of("."), Map.of("WH_USER", TestDatabases.USER)::get);
        WarehouseSession session = warehouse.openSession()) {
      assertThat(session.query("select current_user", 1).rows().get(0)).containsExactly("postgres");
      assertThat(warehouse.location()).isEqualTo(url);
    }
    assertThatThrownBy(() -> provider.open(config, Path.of("."), name -> null))
        .hasMessage("warehouse.user_env names the environment variable WH_USER, which is not set");
  }

  @Test
  void aUrlThatIsNotPostgresIsNamedWithItsLine() {
    WarehouseConfig config =
        new WarehouseConfig(
            "postgres",
            Map.of("url", "jdbc:mysql://x/y", "user_env", "", "password_env", ""),
            Map.of("url", "tidemark.yml:4"));

    assertThatThrownBy(
            () -> new PostgresWarehouseProvider().open(config, Path.of("."), name -> null))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PROJECT))
        .hasMessageStartingWith("warehouse.url (tidemark.yml:4) must be a PostgreSQL JDBC URL");
  }

  @Test
  void theParserReadsTheTablesAModelSelectsFromBeforeTheyExist() {
    PostgresParser parser = new PostgresParser();

    ParsedQuery query =
        parser.parse(
            "with days as (select * from raw.events where event_date >= date '2024-01-01')"
                + " select d.user_id, u.country from days d join \"staging\".\"users\" u"
                + " on u.user_id = d.user_id");

    assertThat(query.problem()).isEmpty();
    assertThat(query.tables())
        .isEqualTo(
            Set.of(new TableReference("raw", "events"), new TableReference("staging", "users")));
    assertThat(parser.parse("select from where").problem()).isPresent();
    assertThat(parser.parse("delete from raw.events").problem())
        .contains("a model is one SELECT statement");
  }
}
