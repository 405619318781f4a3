package io.tidemark.core.graph;

import static io.tidemark.core.asset.AssetBuilder.model;
import static io.tidemark.core.asset.AssetBuilder.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionMapping;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AssetGraphTest {
  /**
   * raw.events -> s.clean -> s.daily -> s.report, s.clean -> s.sessions -> s.report, and s.other on
   * its own.
   */
  private static List<Asset> assets() {
    return List.of(
        source("raw.events").partitioned(Grain.DAY).build(),
        model("s.clean").partitioned(Grain.DAY).dependsOn("raw.events").build(),
        model("s.daily").partitioned(Grain.DAY).dependsOn("s.clean").build(),
        model("s.sessions").partitioned(Grain.DAY).dependsOn("s.clean").build(),
        model("s.report").dependsOn("s.daily").dependsOn("s.sessions").build(),
        model("s.other").build());
  }

  private static AssetName name(String qualified) {
    return AssetName.parse(qualified);
  }

  private static void assertTopological(AssetGraph graph) {
    List<AssetName> order = graph.topologicalOrder();
    assertThat(order).containsExactlyInAnyOrderElementsOf(graph.assets().keySet());
    for (Asset asset : graph.assets().values()) {
      for (Dependency dependency : asset.dependencies()) {
        if (!dependency.upstream().equals(asset.name())) {
          assertThat(order.indexOf(dependency.upstream()))
              .as("%s before %s", dependency.upstream(), asset.name())
              .isLessThan(order.indexOf(asset.name()));
        }
      }
    }
  }

  @Test
  void topologicalOrderPutsUpstreamFirstWhateverTheInputOrder() {
    Random random = new Random(42L);
    for (int i = 0; i < 20; i++) {
      List<Asset> shuffled = new ArrayList<>(assets());
      Collections.shuffle(shuffled, random);

      assertTopological(new AssetGraph(shuffled));
    }
  }

  @Test
  void topologicalOrderIsDeterministic() {
    List<Asset> reversed = new ArrayList<>(assets());
    Collections.reverse(reversed);

    assertThat(new AssetGraph(reversed).topologicalOrder().get(0)).isEqualTo(name("raw.events"));
    assertThat(new AssetGraph(assets()).topologicalOrder())
        .isEqualTo(new AssetGraph(assets()).topologicalOrder());
  }

  @Test
  void withAncestorsFollowsEveryUpstreamPath() {
    AssetGraph graph = new AssetGraph(assets());

    assertThat(graph.withAncestors(name("s.report")))
        .containsExactlyInAnyOrder(
            name("s.report"),
            name("s.daily"),
            name("s.sessions"),
            name("s.clean"),
            name("raw.events"));
    assertThat(graph.withAncestors(name("s.other"))).containsExactly(name("s.other"));
  }

  @Test
  void withDescendantsFollowsEveryDownstreamPath() {
    AssetGraph graph = new AssetGraph(assets());

    assertThat(graph.withDescendants(name("s.clean")))
        .containsExactlyInAnyOrder(
            name("s.clean"), name("s.daily"), name("s.sessions"), name("s.report"));
    assertThat(graph.downstreamOf(name("s.clean")))
        .containsExactlyInAnyOrder(name("s.daily"), name("s.sessions"));
    assertThat(graph.downstreamOf(name("s.report"))).isEmpty();
  }

  @Test
  void aSelfEdgeIsNotACycle() {
    AssetGraph graph =
        new AssetGraph(
            List.of(
                source("raw.events").partitioned(Grain.DAY).build(),
                model("s.total")
                    .partitioned(Grain.DAY)
                    .dependsOn("raw.events", new PartitionMapping.Identity())
                    .dependsOn("s.total", new PartitionMapping.Previous())
                    .build()));

    assertThat(graph.topologicalOrder()).containsExactly(name("raw.events"), name("s.total"));
    assertThat(graph.downstreamOf(name("s.total"))).isEmpty();
    assertThat(graph.withAncestors(name("s.total")))
        .containsExactlyInAnyOrder(name("s.total"), name("raw.events"));
  }

  @Test
  void aCycleIsRejectedWithItsPath() {
    TidemarkException failure =
        catchThrowableOfType(
            TidemarkException.class,
            () ->
                new AssetGraph(
                    List.of(
                        model("s.a").dependsOn("s.c").build(),
                        model("s.b").dependsOn("s.a").build(),
                        model("s.c").dependsOn("s.b").build(),
                        model("s.d").dependsOn("s.c").build())));

    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_PROJECT);
    assertThat(failure.getMessage()).contains("dependency cycle: ").doesNotContain("s.d");
    String path = failure.getMessage().substring(failure.getMessage().indexOf("cycle: ") + 7);
    assertThat(List.of(path.split(" -> ")))
        .hasSize(4)
        .containsOnly("s.a", "s.b", "s.c")
        .satisfies(names -> assertThat(names.get(0)).isEqualTo(names.get(3)));
    assertThat(path)
        .isIn("s.a -> s.b -> s.c -> s.a", "s.b -> s.c -> s.a -> s.b", "s.c -> s.a -> s.b -> s.c");
  }

  @Test
  void anUnknownUpstreamIsRejected() {
    TidemarkException failure =
        catchThrowableOfType(
            TidemarkException.class,
            () -> new AssetGraph(List.of(model("s.a").dependsOn("s.missing").build())));

    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_PROJECT);
    assertThat(failure.getMessage()).contains("depends on unknown asset s.missing");
  }

  @Test
  void anUnknownAssetIsNotFound() {
    AssetGraph graph = new AssetGraph(assets());

    TidemarkException failure =
        catchThrowableOfType(TidemarkException.class, () -> graph.asset(name("s.missing")));

    assertThat(failure.code()).isEqualTo(ErrorCode.NOT_FOUND);
  }
}
