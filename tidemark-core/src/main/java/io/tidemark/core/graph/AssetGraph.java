package io.tidemark.core.graph;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Dependency;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The assets and the dependency edges between them: a DAG, checked on construction. Self edges (a
 * cumulative model reading its previous partition) are allowed; they order partitions, not assets.
 */
public final class AssetGraph {
  private final Map<AssetName, Asset> assets;
  private final Map<AssetName, List<AssetName>> downstream;
  private final List<AssetName> topologicalOrder;
  private final Map<AssetName, Integer> positions;

  public AssetGraph(Collection<Asset> assets) {
    requireNonNull(assets, "assets is null");
    Map<AssetName, Asset> byName = new LinkedHashMap<>();
    for (Asset asset : assets) {
      byName.put(asset.name(), asset);
    }
    Map<AssetName, List<AssetName>> children = new HashMap<>();
    for (Asset asset : byName.values()) {
      children.computeIfAbsent(asset.name(), k -> new ArrayList<>());
      for (Dependency dependency : asset.dependencies()) {
        if (!byName.containsKey(dependency.upstream())) {
          throw new TidemarkException(
              ErrorCode.INVALID_PROJECT,
              asset.location() + ": depends on unknown asset " + dependency.upstream());
        }
        if (!dependency.upstream().equals(asset.name())) {
          children.computeIfAbsent(dependency.upstream(), k -> new ArrayList<>()).add(asset.name());
        }
      }
    }
    this.assets = Collections.unmodifiableMap(byName);
    this.downstream = children;
    this.topologicalOrder = List.copyOf(sort(byName, children));
    this.positions = new HashMap<>(topologicalOrder.size() * 2);
    for (int i = 0; i < topologicalOrder.size(); i++) {
      positions.put(topologicalOrder.get(i), i);
    }
  }

  private static List<AssetName> sort(
      Map<AssetName, Asset> assets, Map<AssetName, List<AssetName>> children) {
    Map<AssetName, Integer> pending = new HashMap<>();
    for (Asset asset : assets.values()) {
      pending.put(asset.name(), upstreamOf(asset).size());
    }
    Deque<AssetName> ready = new ArrayDeque<>();
    assets.keySet().stream().filter(n -> pending.get(n) == 0).sorted().forEach(ready::add);
    List<AssetName> order = new ArrayList<>(assets.size());
    while (!ready.isEmpty()) {
      AssetName next = ready.removeFirst();
      order.add(next);
      for (AssetName child : children.get(next)) {
        if (pending.merge(child, -1, Integer::sum) == 0) {
          ready.addLast(child);
        }
      }
    }
    if (order.size() != assets.size()) {
      List<AssetName> cycle = findCycle(assets, pending);
      StringBuilder text = new StringBuilder();
      for (AssetName name : cycle) {
        text.append(text.length() == 0 ? "" : " -> ").append(name);
      }
      text.append(" -> ").append(cycle.get(0));
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          assets.get(cycle.get(0)).location() + ": dependency cycle: " + text);
    }
    return order;
  }

  private static Set<AssetName> upstreamOf(Asset asset) {
    Set<AssetName> upstream = new LinkedHashSet<>();
    for (Dependency dependency : asset.dependencies()) {
      if (!dependency.upstream().equals(asset.name())) {
        upstream.add(dependency.upstream());
      }
    }
    return upstream;
  }

  /** Walks upstream edges among the unsorted assets until a name repeats. */
  private static List<AssetName> findCycle(
      Map<AssetName, Asset> assets, Map<AssetName, Integer> pending) {
    AssetName start =
        pending.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(Map.Entry::getKey)
            .sorted()
            .findFirst()
            .orElseThrow();
    List<AssetName> path = new ArrayList<>();
    Map<AssetName, Integer> seenAt = new HashMap<>();
    AssetName current = start;
    while (!seenAt.containsKey(current)) {
      seenAt.put(current, path.size());
      path.add(current);
      current =
          upstreamOf(assets.get(current)).stream()
              .filter(n -> pending.get(n) > 0)
              .sorted()
              .findFirst()
              .orElseThrow();
    }
    List<AssetName> cycle = new ArrayList<>(path.subList(seenAt.get(current), path.size()));
    Collections.reverse(cycle);
    return cycle;
  }

  public Map<AssetName, Asset> assets() {
    return assets;
  }

  public Asset asset(AssetName name) {
    Asset asset = assets.get(name);
    if (asset == null) {
      throw new TidemarkException(ErrorCode.NOT_FOUND, "unknown asset " + name);
    }
    return asset;
  }

  /** Every asset, upstream before downstream. */
  public List<AssetName> topologicalOrder() {
    return topologicalOrder;
  }

  /**
   * The assets of {@code names} the graph has, in {@link #topologicalOrder}: sorted by position
   * when they are few, so a small selection costs its own size, not the graph's.
   */
  public List<AssetName> inTopologicalOrder(java.util.Set<AssetName> names) {
    if (names.size() * 8L >= topologicalOrder.size()) {
      return topologicalOrder.stream().filter(names::contains).toList();
    }
    return names.stream()
        .filter(positions::containsKey)
        .sorted(java.util.Comparator.comparingInt(positions::get))
        .toList();
  }

  /** The index of {@code name} in {@link #topologicalOrder}. */
  public int position(AssetName name) {
    Integer position = positions.get(name);
    if (position == null) {
      throw new TidemarkException(ErrorCode.NOT_FOUND, "unknown asset " + name);
    }
    return position;
  }

  /** The assets that read {@code name} directly (not counting itself). */
  public List<AssetName> downstreamOf(AssetName name) {
    return downstream.getOrDefault(name, List.of());
  }

  /** {@code name} and everything that reads it, directly or not. */
  public Set<AssetName> withDescendants(AssetName name) {
    Set<AssetName> seen = new LinkedHashSet<>();
    Deque<AssetName> queue = new ArrayDeque<>(List.of(name));
    while (!queue.isEmpty()) {
      AssetName next = queue.removeFirst();
      if (seen.add(next)) {
        queue.addAll(downstreamOf(next));
      }
    }
    return seen;
  }

  /** {@code name} and everything it reads, directly or not. */
  public Set<AssetName> withAncestors(AssetName name) {
    Set<AssetName> seen = new LinkedHashSet<>();
    Deque<AssetName> queue = new ArrayDeque<>(List.of(name));
    while (!queue.isEmpty()) {
      AssetName next = queue.removeFirst();
      if (seen.add(next)) {
        queue.addAll(upstreamOf(asset(next)));
      }
    }
    return seen;
  }
}
