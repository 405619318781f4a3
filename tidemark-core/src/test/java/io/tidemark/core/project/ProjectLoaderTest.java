package io.tidemark.core.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {
  private static final String DAILY_SOURCE =
      """
      sources:
        - schema: raw
          tables:
            - name: events
              partitioning: {grain: day, column: event_time}
      """;

  @TempDir Path directory;

  private ProjectFiles project() {
    return ProjectFiles.in(directory).config(ProjectFiles.MINIMAL_CONFIG);
  }

  private static Map<AssetName, String> mappings(Asset asset) {
    return asset.dependencies().stream()
        .collect(Collectors.toMap(Dependency::upstream, d -> d.mapping().describe()));
  }

  private static AssetName name(String qualified) {
    return AssetName.parse(qualified);
  }

  private static void assertInvalid(TidemarkException failure, String... fragments) {
    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_PROJECT);
    assertThat(failure.getMessage()).contains(fragments);
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
    assertThat(config.warehousePath()).isEqualTo("warehouse.duckdb");
    assertThat(config.threads()).isEqualTo(4);
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

    assertThat(project.config().warehousePath()).isEqualTo("data/shop.duckdb");
    assertThat(project.config().threads()).isEqualTo(8);
    assertThat(project.config().retries()).isEqualTo(3);
    assertThat(project.config().retryBackoff()).isEqualTo(Duration.ofMillis(500));
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
  void aMissingConfigSuggestsTidemarkInit() {
    TidemarkException failure = ProjectFiles.in(directory).model("a", "select 1").loadFailure();

    assertInvalid(failure, "no tidemark.yml in", "tidemark init");
  }

  @Test
  void aMissingRequiredKeyInTheConfigNamesTheFile() {
    TidemarkException failure = ProjectFiles.in(directory).config("name: test\n").loadFailure();

    assertInvalid(failure, "tidemark.yml:1", "'start' is required");
  }

  @Test
  void aYamlSyntaxErrorNamesFileAndLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "x.yml",
                """
                models:
                  - name: a
                    description: [unclosed
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/x.yml") + ":", "invalid YAML");
  }

  @Test
  void aYamlSyntaxErrorNamesTheLineOfTheMistake() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "x.yml",
                """
                models:
                  - name: a
                   description: misaligned
                  - name: b
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/x.yml") + ":3: invalid YAML");
  }

  @Test
  void anUnknownRefNamesTheLineOfTheRef() {
    TidemarkException failure =
        project()
            .model("a", "select 1 as x")
            .model(
                "b",
                """
                select x
                from {{ ref('a') }}
                join {{ ref('missing') }} using (x)
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/b.sql") + ":3: unknown model 'missing' in ref()");
  }

  @Test
  void anUnknownSourceNamesTheLine() {
    TidemarkException failure =
        project()
            .yaml("sources.yml", DAILY_SOURCE)
            .model(
                "a",
                """
                select *
                from {{ source('raw', 'clicks') }}
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/a.sql") + ":2: unknown source 'raw.clicks'");
  }

  @Test
  void anUnknownVarNamesTheLine() {
    TidemarkException failure =
        project()
            .model(
                "a",
                """
                select 1 as x
                where 2 > {{ var('threshold') }}
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/a.sql") + ":2: unknown var 'threshold'");
  }

  @Test
  void aDependencyCycleShowsThePath() {
    TidemarkException failure =
        project()
            .model("a", "select * from {{ ref('b') }}")
            .model("b", "select * from {{ ref('a') }}")
            .loadFailure();

    assertInvalid(failure, "dependency cycle", ".sql:1");
    assertThat(failure.getMessage())
        .containsAnyOf("main.a -> main.b -> main.a", "main.b -> main.a -> main.b");
  }

  @Test
  void readingAnUndeclaredTableNamesTheLine() {
    TidemarkException failure =
        project()
            .model(
                "a",
                """
                select *
                from other.things
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/a.sql") + ":2: reads undeclared table other.things",
        "declare it under sources:");
  }

  @Test
  void anUndeclaredTableIsFoundOnItsOwnLineNotInsideAColumnName() {
    TidemarkException failure =
        project()
            .model(
                "a",
                """
                select things_total
                from things
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/a.sql") + ":2: reads undeclared table things");
  }

  @Test
  void readingADeclaredSourceLiterallySuggestsSource() {
    TidemarkException failure =
        project()
            .yaml("sources.yml", DAILY_SOURCE)
            .model(
                "a",
                """
                -- events of the day
                select *
                from raw.events
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/a.sql") + ":3: reads raw.events directly",
        "{{ source('raw', 'events') }}");
  }

  @Test
  void readingAModelLiterallySuggestsRef() {
    TidemarkException failure =
        project().model("a", "select 1 as x").model("b", "select x from main.a").loadFailure();

    assertInvalid(failure, Path.of("models/b.sql") + ":1: reads main.a directly", "ref('a')");
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
  void aModelEntryWithoutSqlFileNamesTheYamlLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                  - name: ghost
                """)
            .loadFailure();

    assertInvalid(
        failure, Path.of("models/models.yml") + ":3: model 'ghost' has no SQL file", "ghost.sql");
  }

  @Test
  void anUnknownYamlKeyIsATypo() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    desciption: the a model
                """)
            .loadFailure();

    assertInvalid(
        failure, Path.of("models/models.yml") + ":3: unknown key 'desciption'", "description");
  }

  @Test
  void anUnknownKeyInTheConfigIsATypo() {
    TidemarkException failure =
        ProjectFiles.in(directory)
            .config("name: test\nstart: 2024-01-01\nshema: marts\n")
            .loadFailure();

    assertInvalid(failure, "tidemark.yml:3: unknown key 'shema'");
  }

  @Test
  void anUnknownPipelineNamesTheLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    pipeline: nighlty
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/models.yml") + ":3: unknown pipeline 'nighlty'");
  }

  @Test
  void aBadCronNamesTheLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    schedule: "0 25 * * *"
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/models.yml") + ":3: invalid cron schedule '0 25 * * *'");
  }

  @Test
  void aBadPipelineCronNamesTheConfigLine() {
    TidemarkException failure =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                pipelines:
                  nightly:
                    schedule: every night
                """)
            .loadFailure();

    assertInvalid(failure, "tidemark.yml:5: invalid cron schedule 'every night'");
  }

  @Test
  void anIncrementalModelNeedsPartitioning() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    materialized: incremental
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/models.yml") + ":2: model 'a' is incremental but has no partitioning");
  }

  @Test
  void aTableModelCannotBePartitioned() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    materialized: table
                    partitioning: {grain: day, column: day}
                """)
            .loadFailure();

    assertInvalid(
        failure, Path.of("models/models.yml") + ":4: only incremental models are partitioned");
  }

  @Test
  void anImpossibleMappingNamesTheDependsOnEntry() {
    TidemarkException failure =
        project()
            .yaml("sources.yml", DAILY_SOURCE)
            .model("a", "select count(*) from {{ source('raw', 'events') }}")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    depends_on:
                      - source: raw.events
                        mapping: window(7)
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/models.yml")
            + ":4: mapping 'window(7)' from raw.events to main.a is impossible",
        "window needs both assets partitioned");
  }

  @Test
  void aMappingForSomethingTheSqlDoesNotReadIsRejected() {
    TidemarkException failure =
        project()
            .model("a", "select 1 as x")
            .model("b", "select 2 as x")
            .yaml(
                "models.yml",
                """
                models:
                  - name: b
                    depends_on:
                      - ref: a
                        mapping: all
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/models.yml")
            + ":4: main.b declares a mapping for main.a but its SQL does not read it");
  }

  @Test
  void anUnknownMappingNamesItsLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1 as x")
            .model("b", "select x from {{ ref('a') }}")
            .yaml(
                "models.yml",
                """
                models:
                  - name: b
                    depends_on:
                      - ref: a
                        mapping: same_day
                """)
            .loadFailure();

    assertInvalid(
        failure, Path.of("models/models.yml") + ":5: unknown partition mapping 'same_day'");
  }

  @Test
  void aSelfEdgeCanDeclareAnOffset() {
    Project project =
        project()
            .yaml("sources.yml", DAILY_SOURCE)
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

  @Test
  void aSelfEdgeCannotReadItsOwnPartition() {
    TidemarkException failure =
        project()
            .model("a", "select * from {{ this }}")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    partitioning: {grain: day, column: day}
                    depends_on:
                      - this: true
                        mapping: identity
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/models.yml") + ":5: mapping 'identity' from main.a to main.a is impossible",
        "use 'previous'");
  }

  @Test
  void anUnknownMaterializationOrGrainNamesItsLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .model("b", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    materialized: snapshot
                  - name: b
                    partitioning: {grain: week, column: day}
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/models.yml") + ":3: unknown materialization 'snapshot'",
        Path.of("models/models.yml") + ":5: unknown grain 'week'");
  }

  @Test
  void aSourceCannotShareTheNameOfAModel() {
    TidemarkException failure =
        project().model("raw/events", "select 1").yaml("sources.yml", DAILY_SOURCE).loadFailure();

    assertInvalid(
        failure,
        Path.of("models/sources.yml")
            + ":4: raw.events is already declared at "
            + Path.of("models/raw/events.sql")
            + ":1");
  }

  @Test
  void aModelDescribedTwiceNamesBothPlaces() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml("one.yml", "models:\n  - name: a\n")
            .yaml("two.yml", "models:\n  - name: a\n")
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/two.yml")
            + ":2: model 'a' is already described at "
            + Path.of("models/one.yml")
            + ":2");
  }

  @Test
  void aSqlSyntaxErrorNamesTheLine() {
    TidemarkException failure =
        project()
            .model(
                "a",
                """
                -- a typo on the second line
                selec 1 as x
                """)
            .loadFailure();

    assertInvalid(
        failure, Path.of("models/a.sql") + ":2: SQL error: syntax error at or near \"selec\"");
  }

  @Test
  void twoModelsWithTheSameNameAreRejected() {
    TidemarkException failure =
        project()
            .model("staging/orders", "select 1 as x")
            .model("marts/orders", "select 2 as x")
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/staging/orders.sql").toString(),
        "a model named 'orders' already exists in " + Path.of("models/marts/orders.sql") + ":1");
  }

  @Test
  void everyProblemIsReportedTogether() {
    TidemarkException failure =
        project()
            .model("a", "select * from {{ ref('missing') }}")
            .model("b", "select * from other.things")
            .model("c", "selec 1")
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/a.sql") + ":1: unknown model 'missing'",
        Path.of("models/b.sql") + ":1: reads undeclared table other.things",
        Path.of("models/c.sql") + ":1: SQL error");
    assertThat(failure.getMessage().lines()).hasSize(3);
  }

  @Test
  void problemsInSeveralYamlFilesAreReportedTogether() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml("one.yml", "models:\n  - name: ghost\n")
            .yaml("two.yml", "models:\n  - name: a\n    tgas: [x]\n")
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/one.yml") + ":2: model 'ghost' has no SQL file",
        Path.of("models/two.yml") + ":3: unknown key 'tgas'");
  }
}
