package io.tidemark.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ShopProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectorTest {
  @TempDir Path directory;

  private Project project;
  private Selector selector;

  @BeforeEach
  void loadShop() {
    project = ShopProject.writeTo(directory).load();
    selector = new Selector(project);
  }

  private static List<String> names(Set<AssetName> selected) {
    return selected.stream().map(AssetName::toString).toList();
  }

  private TidemarkException failure(String selection) {
    return catchThrowableOfType(TidemarkException.class, () -> selector.select(selection));
  }

  @Test
  void anEmptySelectionSelectsEverythingInTopologicalOrder() {
    assertThat(List.copyOf(selector.select(""))).isEqualTo(project.graph().topologicalOrder());
    assertThat(selector.select(null)).hasSize(9);
  }

  @Test
  void aModelIsSelectedByItsNameOrQualifiedName() {
    assertThat(names(selector.select("daily_revenue"))).containsExactly("marts.daily_revenue");
    assertThat(names(selector.select("marts.daily_revenue")))
        .containsExactly("marts.daily_revenue");
    assertThat(names(selector.select("raw.orders"))).containsExactly("raw.orders");
  }

  @Test
  void aLeadingPlusAddsEverythingUpstream() {
    assertThat(names(selector.select("+daily_revenue")))
        .containsExactlyInAnyOrder(
            "raw.orders",
            "raw.customers",
            "staging.stg_orders",
            "staging.stg_customers",
            "marts.daily_revenue");
  }

  @Test
  void aTrailingPlusAddsEverythingDownstream() {
    assertThat(names(selector.select("daily_revenue+")))
        .containsExactlyInAnyOrder(
            "marts.daily_revenue",
            "marts.monthly_revenue",
            "marts.weekly_revenue",
            "marts.revenue_to_date");
  }

  @Test
  void plusOnBothSidesAddsBothDirections() {
    assertThat(names(selector.select("+stg_customers+")))
        .containsExactlyInAnyOrder(
            "raw.customers",
            "staging.stg_customers",
            "marts.daily_revenue",
            "marts.monthly_revenue",
            "marts.weekly_revenue",
            "marts.revenue_to_date",
            "analytics.customer_count");
  }

  @Test
  void methodsSelectByTagPathPipelineAndSchema() {
    assertThat(names(selector.select("tag:daily")))
        .containsExactlyInAnyOrder("staging.stg_orders", "marts.daily_revenue");
    assertThat(names(selector.select("path:models/marts")))
        .containsExactlyInAnyOrder(
            "marts.daily_revenue",
            "marts.monthly_revenue",
            "marts.weekly_revenue",
            "marts.revenue_to_date");
    assertThat(names(selector.select("pipeline:nightly")))
        .containsExactlyInAnyOrder("staging.stg_orders", "marts.daily_revenue");
    assertThat(names(selector.select("schema:raw")))
        .containsExactlyInAnyOrder("raw.orders", "raw.customers");
  }

  @Test
  void aPathSelectsWholeFoldersNotNamePrefixes() {
    assertThat(names(selector.select("path:models/staging/stg_orders.sql")))
        .containsExactly("staging.stg_orders");
    assertThat(failure("path:models/mart").code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void methodsTakePlusToo() {
    assertThat(names(selector.select("schema:staging+")))
        .containsExactlyInAnyOrder(
            "staging.stg_orders",
            "staging.stg_customers",
            "marts.daily_revenue",
            "marts.monthly_revenue",
            "marts.weekly_revenue",
            "marts.revenue_to_date",
            "analytics.customer_count");
  }

  @Test
  void spaceSeparatedTermsAreAUnion() {
    assertThat(names(selector.select("monthly_revenue  weekly_revenue schema:raw")))
        .containsExactlyInAnyOrder(
            "raw.orders", "raw.customers", "marts.monthly_revenue", "marts.weekly_revenue");
  }

  @Test
  void commaJoinedTermsAreAnIntersection() {
    assertThat(names(selector.select("tag:daily,schema:marts")))
        .containsExactly("marts.daily_revenue");
    assertThat(names(selector.select("tag:finance,daily_revenue+")))
        .containsExactlyInAnyOrder("marts.daily_revenue", "marts.monthly_revenue");
  }

  @Test
  void theSelectionComesInTopologicalOrder() {
    List<AssetName> selected = List.copyOf(selector.select("revenue_to_date +stg_orders"));

    List<AssetName> order = project.graph().topologicalOrder();
    assertThat(selected).isSortedAccordingTo((a, b) -> order.indexOf(a) - order.indexOf(b));
    assertThat(names(selector.select("revenue_to_date +stg_orders")))
        .containsExactly("raw.orders", "staging.stg_orders", "marts.revenue_to_date");
  }

  @Test
  void anUnknownNameIsNotFound() {
    TidemarkException failure = failure("daily_revenu");

    assertThat(failure.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(failure.getMessage()).contains("unknown asset 'daily_revenu'");
  }

  @Test
  void anUnknownMethodIsAnInvalidArgument() {
    TidemarkException failure = failure("owner:finance");

    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failure.getMessage()).contains("unknown selector method 'owner:'");
  }

  @Test
  void aMethodMatchingNothingIsAnInvalidArgument() {
    TidemarkException failure = failure("tag:hourly");

    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failure.getMessage()).contains("'tag:hourly' matches no asset");
  }

  @Test
  void aShortNameSharedByTwoSchemasIsAmbiguous() {
    Project withTwoOrders =
        ShopProject.writeTo(directory)
            .model("staging/orders", "select * from {{ source('raw', 'orders') }}")
            .load();

    TidemarkException failure =
        catchThrowableOfType(
            TidemarkException.class, () -> new Selector(withTwoOrders).select("orders"));

    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failure.getMessage())
        .contains("'orders' is ambiguous", "raw.orders", "staging.orders");
    assertThat(names(new Selector(withTwoOrders).select("staging.orders")))
        .containsExactly("staging.orders");
  }
}
