package io.tidemark.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetBuilder;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelRendererTest {
  private static final AssetName ORDERS = AssetName.of("staging", "orders");
  private static final AssetName EVENTS = AssetName.of("raw", "events");

  /** Knows one model, {@code orders}, and one source, {@code raw.events}. */
  private static final ReferenceResolver RESOLVER =
      new ReferenceResolver() {
        @Override
        public Optional<AssetName> model(String name) {
          return name.equals("orders") ? Optional.of(ORDERS) : Optional.empty();
        }

        @Override
        public Optional<AssetName> source(String schema, String table) {
          return AssetName.of(schema, table).equals(EVENTS)
              ? Optional.of(EVENTS)
              : Optional.empty();
        }
      };

  private final ModelRenderer renderer = new ModelRenderer(RESOLVER, Map.of("currency", "EUR"));

  private static Asset model(Grain grain, String sql) {
    AssetBuilder builder = AssetBuilder.model("marts.report").sql(sql);
    return (grain == Grain.ALL ? builder : builder.partitioned(grain)).build();
  }

  private static final String PARTITION_VARIABLES =
      "{{ partition_start }}|{{ partition_end }}|{{ partition_key }}";

  @Test
  void templatesSeeTheEngineTheyRunOnAsTargetType() {
    String sql =
        "select {% if target.type == 'postgres' %}now(){% else %}current_timestamp{% endif %}";
    ModelRenderer onPostgres =
        new ModelRenderer(RESOLVER, Map.of(), java.util.Optional.empty(), "postgres");

    assertThat(onPostgres.render(model(Grain.ALL, sql), PartitionKey.ALL).sql())
        .isEqualTo("select now()");
    assertThat(renderer.render(model(Grain.ALL, sql), PartitionKey.ALL).sql())
        .isEqualTo("select current_timestamp");
  }

  @Test
  void hourPartitionsRenderTimestamps() {
    RenderedSql sql =
        renderer.render(
            model(Grain.HOUR, PARTITION_VARIABLES),
            PartitionKey.parse(Grain.HOUR, "2024-01-05T13"));

    assertThat(sql.sql()).isEqualTo("2024-01-05 13:00:00|2024-01-05 14:00:00|2024-01-05T13");
  }

  @Test
  void dayPartitionsRenderDatesWithAnExclusiveEnd() {
    RenderedSql sql =
        renderer.render(
            model(Grain.DAY, PARTITION_VARIABLES), PartitionKey.parse(Grain.DAY, "2024-01-31"));

    assertThat(sql.sql()).isEqualTo("2024-01-31|2024-02-01|2024-01-31");
  }

  @Test
  void monthPartitionsRenderTheirFirstDays() {
    RenderedSql sql =
        renderer.render(
            model(Grain.MONTH, PARTITION_VARIABLES), PartitionKey.parse(Grain.MONTH, "2024-12"));

    assertThat(sql.sql()).isEqualTo("2024-12-01|2025-01-01|2024-12");
  }

  @Test
  void anUnpartitionedModelHasNoPartitionVariables() {
    Asset model = model(Grain.ALL, "select 1\nwhere day >= '{{ partition_start }}'");

    TidemarkException failure =
        catchThrowableOfType(
            TidemarkException.class, () -> renderer.render(model, PartitionKey.ALL));

    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_PROJECT);
    assertThat(failure.getMessage())
        .startsWith(Path.of("models/marts/report.sql") + ":2: ")
        .contains("partition_start");
  }

  @Test
  void isIncrementalAnswersWhetherTheTargetExists() {
    Asset model = model(Grain.DAY, "{% if is_incremental() %}append{% else %}create{% endif %}");
    PartitionKey day = PartitionKey.parse(Grain.DAY, "2024-01-05");

    assertThat(renderer.render(model, day, true).sql()).isEqualTo("append");
    assertThat(renderer.render(model, day, false).sql()).isEqualTo("create");
    assertThat(renderer.render(model, day).sql()).isEqualTo("append");
  }

  @Test
  void varReadsProjectVarsAndFallsBackToItsDefault() {
    Asset model =
        model(
            Grain.ALL,
            "{{ var('currency') }}|{{ var('currency', 'USD') }}|{{ var('region', 'emea') }}");

    assertThat(renderer.render(model, PartitionKey.ALL).sql()).isEqualTo("EUR|EUR|emea");
  }

  @Test
  void anUnknownVarWithoutDefaultNamesItsLine() {
    Asset model = model(Grain.ALL, "select 1\nwhere x > {{ var('threshold') }}");

    TidemarkException failure =
        catchThrowableOfType(
            TidemarkException.class, () -> renderer.render(model, PartitionKey.ALL));

    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_PROJECT);
    assertThat(failure.getMessage())
        .isEqualTo(
            Path.of("models/marts/report.sql")
                + ":2: unknown var 'threshold'; define it under vars: in tidemark.yml");
  }

  @Test
  void refAndSourceRenderQualifiedNamesAndRecordTheLineOfFirstMention() {
    Asset model =
        model(
            Grain.ALL,
            """
            select *
            from {{ ref('orders') }} o
            join {{ source('raw', 'events') }} e on e.order_id = o.id
            where o.id in (select id from {{ ref('orders') }})
            """);

    RenderedSql sql = renderer.render(model, PartitionKey.ALL);

    assertThat(sql.sql())
        .contains("from staging.orders o")
        .contains("join raw.events e")
        .contains("select id from staging.orders)");
    assertThat(sql.references()).containsOnly(Map.entry(ORDERS, 2), Map.entry(EVENTS, 3));
    assertThat(sql.readsItself()).isFalse();
  }

  @Test
  void referencesInsideBlocksKeepTheirLines() {
    Asset model =
        model(
            Grain.DAY,
            """
            select 1
            {% if is_incremental() %}
            union all
            select 2 from {{ ref('orders') }}
            {% endif %}
            """);

    RenderedSql sql = renderer.render(model, PartitionKey.parse(Grain.DAY, "2024-01-05"));

    assertThat(sql.references()).containsExactly(Map.entry(ORDERS, 4));
  }

  @Test
  void thisRendersTheModelsOwnNameAndMarksASelfRead() {
    Asset model = model(Grain.DAY, "select * from {{ this }}");

    RenderedSql sql = renderer.render(model, PartitionKey.parse(Grain.DAY, "2024-01-05"));

    assertThat(sql.sql()).isEqualTo("select * from marts.report");
    assertThat(sql.readsItself()).isTrue();
    assertThat(sql.references()).isEmpty();
  }

  @Test
  void anUnknownRefNamesItsLine() {
    Asset model = model(Grain.ALL, "select *\n\nfrom {{ ref('ordres') }}");

    TidemarkException failure =
        catchThrowableOfType(
            TidemarkException.class, () -> renderer.render(model, PartitionKey.ALL));

    assertThat(failure.getMessage())
        .isEqualTo(Path.of("models/marts/report.sql") + ":3: unknown model 'ordres' in ref()");
  }

  @Test
  void anUnknownSourceNamesItsLine() {
    Asset model = model(Grain.ALL, "select * from {{ source('raw', 'clicks') }}");

    TidemarkException failure =
        catchThrowableOfType(
            TidemarkException.class, () -> renderer.render(model, PartitionKey.ALL));

    assertThat(failure.getMessage())
        .startsWith(Path.of("models/marts/report.sql") + ":1: unknown source 'raw.clicks'");
  }

  @Test
  void aTemplateSyntaxErrorNamesItsLine() {
    Asset model = model(Grain.ALL, "select 1\n{% if %}\nselect 2");

    TidemarkException failure =
        catchThrowableOfType(
            TidemarkException.class, () -> renderer.render(model, PartitionKey.ALL));

    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_PROJECT);
    assertThat(failure.getMessage()).startsWith(Path.of("models/marts/report.sql") + ":2: ");
  }
}
