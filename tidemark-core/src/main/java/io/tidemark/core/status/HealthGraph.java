package io.tidemark.core.status;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import java.util.List;

/**
 * Assets and the edges between them, each asset with its health: the lineage graph a person looks
 * at to see where things went wrong.
 *
 * @param nodes upstream before downstream
 * @param edges from an upstream asset to the asset that reads it, between nodes of the graph only
 */
public record HealthGraph(List<Node> nodes, List<Edge> edges) {
  public HealthGraph {
    nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
    edges = List.copyOf(requireNonNull(edges, "edges is null"));
  }

  /**
   * One asset.
   *
   * @param stale partitions that no longer match their inputs
   * @param running whether a running run is writing one of its partitions now
   * @param problems what makes it less than healthy, one short phrase each, worst first
   */
  public record Node(
      Asset asset,
      AssetStatus status,
      int stale,
      boolean running,
      Health health,
      List<String> problems) {
    public Node {
      requireNonNull(asset, "asset is null");
      requireNonNull(status, "status is null");
      requireNonNull(health, "health is null");
      problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }
  }

  /** {@code downstream} reads {@code upstream} through {@code mapping} (as described). */
  public record Edge(AssetName upstream, AssetName downstream, String mapping) {
    public Edge {
      requireNonNull(upstream, "upstream is null");
      requireNonNull(downstream, "downstream is null");
      requireNonNull(mapping, "mapping is null");
    }
  }
}
