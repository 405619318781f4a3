package io.tidemark.warehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.TableReference;
import io.tidemark.core.warehouse.WarehouseConfig;
import io.tidemark.core.warehouse.WarehouseProviders;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine is found by its type, checks its settings, parses models without starting Spark. */
class SparkWarehouseProviderTest {
  @TempDir Path project;

  @Test
  void theServiceLoaderFindsSparkByItsType() {
    assertThat(WarehouseProviders.installed().find("spark"))
        .containsInstanceOf(SparkWarehouseProvider.class);
  }

  @Test
  void sparkConnectIsRefusedNamingItsLine() {
    WarehouseConfig config =
        config(
            Map.of("connect", "sc://spark.example.com:15002"), Map.of("connect", "tidemark.yml:5"));

    assertThatThrownBy(() -> new SparkWarehouseProvider().open(config, project, name -> null))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PROJECT))
        .hasMessageStartingWith(
            "warehouse.connect (tidemark.yml:5): Spark Connect is not supported yet");
    assertThatThrownBy(
            () ->
                new SparkWarehouseProvider()
                    .open(config(Map.of("connect", "http://x"), Map.of()), project, name -> null))
        .hasMessageContaining("must be a Spark Connect address sc://host:15002");
  }

  @Test
  void aClusterMasterIsRefusedNamingItsLine() {
    WarehouseConfig config = config(Map.of("master", "yarn"), Map.of("master", "tidemark.yml:4"));

    assertThatThrownBy(() -> new SparkWarehouseProvider().open(config, project, name -> null))
        .hasMessageStartingWith("warehouse.master (tidemark.yml:4) must be local");
  }

  @Test
  void aWarehouseNeverOpenedDoesNotExistAndIsNotMade() {
    SparkWarehouseProvider provider = new SparkWarehouseProvider();
    WarehouseConfig config = config(Map.of(), Map.of());

    assertThat(provider.exists(config, project, name -> null)).isFalse();
    assertThat(provider.location(config, project))
        .isEqualTo(project.resolve("spark-warehouse").toString());
    assertThat(project.resolve("spark-warehouse")).doesNotExist();
  }

  @Test
  void theParserReadsTheTablesAModelSelectsFromBeforeTheyExist() {
    SparkParser parser = new SparkParser();

    ParsedQuery query =
        parser.parse(
            "with days as (select * from raw.events where event_date >= date '2024-01-01')"
                + " select d.user_id, u.country from days d join `staging`.`users` u"
                + " on u.user_id = d.user_id"
                + " where d.user_id in (select user_id from marts.vip)");

    assertThat(query.problem()).isEmpty();
    assertThat(query.tables())
        .isEqualTo(
            Set.of(
                new TableReference("raw", "events"),
                new TableReference("staging", "users"),
                new TableReference("marts", "vip")));
    assertThat(parser.parse("select (1 from raw.events").problem())
        .hasValueSatisfying(problem -> assertThat(problem).contains("PARSE_SYNTAX_ERROR"));
    assertThat(parser.parse("delete from raw.events").problem())
        .contains("a model is one SELECT statement");
  }

  private static WarehouseConfig config(Map<String, String> given, Map<String, String> origins) {
    Map<String, String> settings =
        new java.util.HashMap<>(
            Map.of("master", "local[2]", "warehouse_dir", "spark-warehouse", "connect", ""));
    settings.putAll(given);
    return new WarehouseConfig("spark", settings, origins);
  }
}
