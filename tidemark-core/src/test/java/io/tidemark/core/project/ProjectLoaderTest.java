package io.tidemark.core.project;

import static io.tidemark.core.project.ProjectFiles.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetKind;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.ColumnDoc;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid projects load into the assets, dependencies and settings they declare. */
class ProjectLoaderTest {
  @TempDir Path directory;

  private ProjectFiles project() {
    return ProjectFiles.minimal(directory);
  }

  private static Map<AssetName, String> mappings(Asset asset) {
    return asset.dependencies().stream()
        .collect(Collectors.toMap(Dependency::upstream, d -> d.mapping().describe()));
  }

  private static AssetName name(String qualified) {
    return AssetName.parse(qualified);
  }

  @Test
  void loadsAMultiSchemaProjectWithItsAssetNames() {
    Project project = ShopProject.writeTo(directory).load();

    assertThat(project.assets().keySet())
        .containsExactlyInAnyOrder(
            name("raw.orders"),
            name("raw.customers"),
            name("staging.stg_orders"),
            name("staging.stg_customers"),
            name("marts.daily_revenue"),
            name("marts.monthly_revenue"),
            name("marts.weekly_revenue"),
            name("marts.revenue_to_date"),
            name("analytics.customer_count"));
    assertThat(project.asset(name("raw.orders")).kind()).isEqualTo(AssetKind.SOURCE);
    assertThat(project.asset(name("staging.stg_orders")).kind()).isEqualTo(AssetKind.MODEL);
    assertThat(project.root()).isEqualTo(directory.toAbsolutePath().normalize());
  }

  @Test
  void defaultMappingsFollowTheGrains() {
    Project project = ShopProject.writeTo(directory).load();

    assertThat(mappings(project.asset(name("staging.stg_orders"))))
        .containsExactly(Map.entry(name("raw.orders"), "identity"));
    assertThat(mappings(project.asset(name("marts.daily_revenue"))))
        .containsOnly(
            Map.entry(name("staging.stg_orders"), "identity"),
            Map.entry(name("staging.stg_customers"), "all"));
    assertThat(mappings(project.asset(name("marts.monthly_revenue"))))
        .containsExactly(Map.entry(name("marts.daily_revenue"), "rollup"));
    assertThat(mappings(project.asset(name("marts.revenue_to_date"))))
        .containsOnly(
            Map.entry(name("marts.daily_revenue"), "identity"),
            Map.entry(name("marts.revenue_to_date"), "previous"));
    assertThat(mappings(project.asset(name("analytics.customer_count"))))
        .containsExactly(Map.entry(name("staging.stg_customers"), "all"));
  }

  @Test
  void declaredMappingsReplaceTheDefault() {
    Project project = ShopProject.writeTo(directory).load();

    assertThat(project.asset(name("marts.weekly_revenue")).dependencies())
        .containsExactly(
            new Dependency(name("marts.daily_revenue"), new PartitionMapping.Window(7)));
  }

  @Test
  void dependenciesFollowTheOrderOfFirstMention() {
    ProjectFiles files = project();
    for (String table : new String[] {"a", "b", "c", "d", "e"}) {
      files.model(table, "select 1 as x");
    }
    files.model(
        "report",
        """
        select x from {{ ref('e') }}
        union all select x from {{ ref('c') }}
        union all select x from {{ ref('a') }}
        union all select x from {{ ref('e') }}
        union all select x from {{ ref('d') }}
        union all select x from {{ ref('b') }}
        """);

    Project project = files.load();

    assertThat(project.asset(name("main.report")).dependencies())
        .extracting(d -> d.upstream().table())
        .containsExactly("e", "c", "a", "d", "b");
  }

  @Test
  void readsTheCatalogAndMaterializationOfEachAsset() {
    Project project = ShopProject.writeTo(directory).load();

    Asset daily = project.asset(name("marts.daily_revenue"));
    assertThat(daily.description()).isEqualTo("Revenue per day and country");
    assertThat(daily.owner()).isEqualTo("finance");
    assertThat(daily.tags()).containsExactly("daily", "finance");
    assertThat(daily.pipeline()).isEqualTo("nightly");
    assertThat(daily.columns()).containsExactly(new ColumnDoc("revenue", "Sum of order amounts"));
    assertThat(daily.materialization()).isEqualTo(Materialization.INCREMENTAL);
    assertThat(daily.grain()).isEqualTo(Grain.DAY);
    assertThat(daily.location()).hasToString(Path.of("models/marts/daily_revenue.sql") + ":1");
    assertThat(project.asset(name("staging.stg_customers")).materialization())
        .isEqualTo(Materialization.VIEW);
    assertThat(project.asset(name("analytics.customer_count")).materialization())
        .isEqualTo(Materialization.TABLE);
    assertThat(project.asset(name("analytics.customer_count")).isPartitioned()).isFalse();

    Asset orders = project.asset(name("raw.orders"));
    assertThat(orders.owner()).isEqualTo("platform");
    assertThat(orders.tags()).containsExactly("raw");
    assertThat(orders.grain()).isEqualTo(Grain.DAY);
    assertThat(orders.start()).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(orders.location()).hasToString(Path.of("models/sources.yml") + ":6");
  }

  @Test
  void readsTheConfiguration() {
    Project project = ShopProject.writeTo(directory).load();

    ProjectConfig config = project.config();
    assertThat(config.name()).isEqualTo("shop");
    assertThat(config.start()).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(config.defaultSchema()).isEqualTo("analytics");
    assertThat(config.vars()).containsExactly(Map.entry("currency", "EUR"));
    assertThat(config.pipelines())
        .containsExactly(
            Map.entry(
                "nightly", new Pipeline("nightly", "Everything built once a day", "0 6 * * *")));
    assertThat(config.stateUrl()).isEqualTo(ProjectConfig.DEFAULT_STATE_URL);
    assertThat(config.warehouse().setting("path")).isEqualTo("warehouse.duckdb");
    assertThat(config.threads()).isEqualTo(4);
  }

  @Test
  void readsPipelineScheduleSettings() {
    Project project =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                pipelines:
                  raw_loads:
                    schedule: "0 1 * * *"
                  nightly:
                    description: Marts
                    schedule: "30 4 * * *"
                    timezone: Asia/Seoul
                    delay: 2h
                    catchup: 3d
                    after: [raw_loads]
                    wait_timeout: 90m
                  adhoc:
                    catchup: none
                """)
            .load();

    Pipeline nightly = project.config().pipelines().get("nightly");
    assertThat(nightly)
        .isEqualTo(
            new Pipeline(
                "nightly",
                "Marts",
                "30 4 * * *",
                ZoneId.of("Asia/Seoul"),
                Duration.ofHours(2),
                Duration.ofDays(3),
                List.of("raw_loads"),
                Duration.ofMinutes(90)));
    Pipeline adhoc = project.config().pipelines().get("adhoc");
    assertThat(adhoc.isScheduled()).isFalse();
    assertThat(adhoc.catchup()).isZero();
    assertThat(adhoc.timezone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(adhoc.waitTimeout()).isEqualTo(Pipeline.DEFAULT_WAIT_TIMEOUT);
  }

  @Test
  void readsRunSettings() {
    Project project =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                warehouse: {type: duckdb, path: data/shop.duckdb}
                run: {threads: 8, retries: 3, retry_backoff: 500ms}
                """)
            .load();

    assertThat(project.config().warehouse().setting("path")).isEqualTo("data/shop.duckdb");
    assertThat(project.config().threads()).isEqualTo(8);
    assertThat(project.config().retries()).isEqualTo(3);
    assertThat(project.config().retryBackoff()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aWarehouseTypeNoEngineClaimsIsNamedWithTheKnownTypes() {
    var failure =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                warehouse:
                  type: oracle
                """)
            .loadFailure();

    assertInvalid(
        failure, "tidemark.yml:4", "unknown warehouse type 'oracle'", "known: duckdb, server");
  }

  @Test
  void anEngineReadsOnlyTheSettingsItDeclares() {
    var failure =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                warehouse: {type: server, url: "jdbc:server://db/x", path: x.duckdb}
                """)
            .loadFailure();

    assertInvalid(
        failure,
        "tidemark.yml:3",
        "unknown key 'path'",
        "known: type, url, user_env, password_env");
  }

  @Test
  void credentialsAreNamesOfEnvironmentVariablesReadWhenTheWarehouseOpens() {
    Project project =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                warehouse:
                  type: server
                  url: jdbc:server://${DB_HOST:-localhost}/x
                  password_env: DB_PASSWORD
                """)
            .load();

    var warehouse = project.config().warehouse();
    assertThat(warehouse.type()).isEqualTo("server");
    assertThat(warehouse.setting("url")).isEqualTo("jdbc:server://localhost/x");
    assertThat(warehouse.setting("user_env")).isEmpty();
    assertThat(warehouse.environmentValue("user_env", name -> "u")).isEmpty();
    assertThat(warehouse.environmentValue("password_env", Map.of("DB_PASSWORD", "s3cret")::get))
        .contains("s3cret");
    assertThat(warehouse.toString()).doesNotContain("s3cret");
    var unset =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> warehouse.environmentValue("password_env", name -> null));
    assertThat(unset)
        .hasMessage(
            "warehouse.password_env (tidemark.yml:6) names the environment variable DB_PASSWORD,"
                + " which is not set");
  }

  @Test
  void sizesAndCountsAreReadAsWrittenAndLeftEmptyForTheEngineToChoose() {
    Project project =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                warehouse:
                  type: duckdb
                  memory_limit: ${MEMORY:-1.5GiB}
                """)
            .load();

    assertThat(project.config().warehouse().setting("memory_limit")).isEqualTo("1.5GiB");
    assertThat(project.config().warehouse().setting("threads")).isEmpty();
  }

  @Test
  void aSizeThatIsNoSizeIsRefusedNamingTheSetting() {
    var failure =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                warehouse:
                  type: duckdb
                  memory_limit: 2 gigs
                """)
            .loadFailure();

    assertInvalid(
        failure,
        "tidemark.yml:5",
        "warehouse.memory_limit is '2 gigs', which is not a size",
        "e.g. 512MB or 2GiB");
  }

  @Test
  void aCountBelowOneIsRefusedNamingTheSetting() {
    var failure =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                warehouse: {type: duckdb, threads: 0}
                """)
            .loadFailure();

    assertInvalid(
        failure,
        "tidemark.yml:3",
        "warehouse.threads is '0'; it must be a whole number of at least 1");
  }

  @Test
  void aCredentialWrittenInsteadOfAVariableNameIsRefused() {
    var failure =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                warehouse: {type: server, password_env: "hunter 2"}
                """)
            .loadFailure();

    assertInvalid(
        failure, "tidemark.yml:3", "warehouse.password_env names an environment variable");
  }

  @Test
  void codeVersionsDifferPerModelAndFollowTheSql() {
    Project first = ShopProject.writeTo(directory).load();
    Project again = ShopProject.writeTo(directory).load();
    ShopProject.writeTo(directory)
        .model("marts/monthly_revenue", "select sum(revenue) from {{ ref('daily_revenue') }}");
    Project changed = ProjectFiles.in(directory).load();

    AssetName monthly = name("marts.monthly_revenue");
    AssetName daily = name("marts.daily_revenue");
    assertThat(first.codeVersion(monthly)).isNotBlank().isNotEqualTo(first.codeVersion(daily));
    assertThat(again.codeVersion(monthly)).isEqualTo(first.codeVersion(monthly));
    assertThat(changed.codeVersion(monthly)).isNotEqualTo(first.codeVersion(monthly));
    assertThat(changed.codeVersion(daily)).isEqualTo(first.codeVersion(daily));
  }

  @Test
  void stateUrlExpandsEnvironmentVariables() {
    Map<String, String> environment = Map.of("DB_HOST", "db.internal");
    Project project =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                state:
                  url: jdbc:postgresql://${DB_HOST}:${DB_PORT:-5432}/tidemark
                """)
            .load(environment::get);

    assertThat(project.config().stateUrl())
        .isEqualTo("jdbc:postgresql://db.internal:5432/tidemark");
  }

  @Test
  void anEnvironmentValueWinsOverTheDefault() {
    Project project =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                state: {url: "jdbc:sqlite:${STATE_DIR:-.tidemark}/state.db"}
                """)
            .load(Map.of("STATE_DIR", "/var/lib/tidemark")::get);

    assertThat(project.config().stateUrl()).isEqualTo("jdbc:sqlite:/var/lib/tidemark/state.db");
  }

  @Test
  void anUnsetEnvironmentVariableWithoutDefaultNamesTheLine() {
    ProjectFiles files =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                state:
                  url: jdbc:postgresql://${DB_HOST}/tidemark
                """);

    assertInvalid(files.loadFailure(), "tidemark.yml:4", "DB_HOST is not set");
  }

  @Test
  void aCommonTableExpressionIsNotAnUndeclaredTable() {
    Project project =
        project()
            .model("a", "select 1 as x")
            .model("b", "with recent as (select x from {{ ref('a') }})\nselect x from recent")
            .load();

    assertThat(project.asset(name("main.b")).dependencies())
        .extracting(Dependency::upstream)
        .containsExactly(name("main.a"));
  }

  @Test
  void aSelfEdgeCanDeclareAnOffset() {
    Project project =
        project()
            .yaml("sources.yml", ProjectFiles.DAILY_SOURCE)
            .model(
                "weekly_change",
                """
                select count(*) from {{ source('raw', 'events') }}
                union all select -count(*) from {{ this }}
                """)
            .yaml(
                "models.yml",
                """
                models:
                  - name: weekly_change
                    partitioning: {grain: day, column: day}
                    depends_on:
                      - this: true
                        mapping: offset(-7)
                """)
            .load();

    assertThat(mappings(project.asset(name("main.weekly_change"))))
        .containsOnly(
            Map.entry(name("raw.events"), "identity"),
            Map.entry(name("main.weekly_change"), "offset(-7)"));
  }
}
