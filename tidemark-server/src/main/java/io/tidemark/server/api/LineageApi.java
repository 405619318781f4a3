package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.project.Project;
import io.tidemark.core.status.HealthGraph;
import io.tidemark.core.status.HealthService;
import java.util.List;

/** {@code GET /api/v1/lineage}: the lineage graph, every asset with its health. */
final class LineageApi {
  private final Project project;
  private final HealthService health;

  LineageApi(Project project, HealthService health) {
    this.project = requireNonNull(project, "project is null");
    this.health = requireNonNull(health, "health is null");
  }

  void register(RoutesConfig routes) {
    routes.get(Api.PREFIX + "/lineage", this::lineage);
  }

  /** The whole project, or with {@code ?asset=NAME} what that asset reads and what reads it. */
  private void lineage(Context ctx) {
    String focus = Requests.text(ctx, "asset");
    HealthGraph graph = health.graph(focus == null ? null : project.resolve(focus).name());
    ctx.json(
        new Graph(
            focus == null ? null : project.resolve(focus).name().toString(),
            graph.nodes().stream().map(Node::of).toList(),
            graph.edges().stream().map(Edge::of).toList()));
  }

  record Graph(String focus, List<Node> nodes, List<Edge> edges) {}

  record Node(
      String name,
      String kind,
      String pipeline,
      String owner,
      String grain,
      String health,
      boolean running,
      List<String> problems,
      int partitions,
      int built,
      int stale,
      int invalid,
      int failed,
      int missing) {
    static Node of(HealthGraph.Node node) {
      Asset asset = node.asset();
      return new Node(
          asset.name().toString(),
          Views.lower(asset.kind()),
          asset.pipeline(),
          asset.owner(),
          asset.grain().label(),
          node.health().label(),
          node.running(),
          node.problems(),
          node.status().partitions(),
          node.status().materialized() - node.stale(),
          node.stale(),
          node.status().invalid(),
          node.status().failed(),
          node.status().missing());
    }
  }

  record Edge(String from, String to, String mapping) {
    static Edge of(HealthGraph.Edge edge) {
      return new Edge(edge.upstream().toString(), edge.downstream().toString(), edge.mapping());
    }
  }
}
