package io.tidemark.core.repair;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.graph.AssetGraph;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionMapping;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.repair.Impact.AffectedAsset;
import io.tidemark.core.repair.Impact.Via;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks partition mappings forward from root partitions to every downstream (asset, partition) that
 * read them, directly or not, across all pipelines. The walk moves spans of partitions, not single
 * keys, and visits assets in topological order, so each asset is settled once: its cost grows with
 * the edges of the affected subgraph, not with the number of partitions.
 *
 * <p>Only partitions that exist can hold bad data: the result is intersected with what is built,
 * and damage travels on only from built partitions.
 */
public final class ImpactAnalysis {
  private final AssetGraph graph;
  private final Function<Asset, TimeRange> domain;

  /**
   * @param domain the span in which an asset has partitions (see {@code Lineage.domain})
   */
  public ImpactAnalysis(AssetGraph graph, Function<Asset, TimeRange> domain) {
    this.graph = requireNonNull(graph, "graph is null");
    this.domain = requireNonNull(domain, "domain is null");
  }

  /**
   * @param roots partitions known to be bad or changed; they are part of the result
   * @param built per asset, the partitions that exist (for a source: its whole domain)
   * @param stopAt assets that are affected but whose readers are not followed
   */
  public Impact analyse(
      Map<AssetName, PartitionSet> roots,
      Function<AssetName, PartitionSet> built,
      Set<AssetName> stopAt) {
    requireNonNull(roots, "roots is null");
    requireNonNull(built, "built is null");
    requireNonNull(stopAt, "stopAt is null");
    Map<AssetName, Pending> pending = new HashMap<>();
    PriorityQueue<Integer> queue = new PriorityQueue<>();
    Map<AssetName, PartitionSet> builtCache = new HashMap<>();
    Function<AssetName, PartitionSet> exists = name -> builtCache.computeIfAbsent(name, built);
    for (Map.Entry<AssetName, PartitionSet> root : roots.entrySet()) {
      PartitionSet partitions = root.getValue().intersect(exists.apply(root.getKey()));
      if (partitions.isEmpty()) {
        continue;
      }
      Pending entry = pending.computeIfAbsent(root.getKey(), k -> new Pending());
      entry.roots = entry.roots == null ? partitions : entry.roots.union(partitions);
      entry.depth = 0;
      queue.add(graph.position(root.getKey()));
    }
    Map<AssetName, AffectedAsset> affected = new LinkedHashMap<>();
    List<AssetName> order = graph.topologicalOrder();
    Integer last = null;
    while (!queue.isEmpty()) {
      int position = queue.poll();
      if (last != null && last == position) {
        continue;
      }
      last = position;
      AssetName name = order.get(position);
      Asset asset = graph.asset(name);
      Pending entry = pending.get(name);
      PartitionSet partitions = entry.partitions(asset.grain());
      boolean runsForward = false;
      for (Dependency dependency : asset.dependencies()) {
        if (dependency.upstream().equals(name)) {
          PartitionSet forward = runForward(asset, dependency.mapping(), partitions);
          PartitionSet extended = partitions.union(forward.intersect(exists.apply(name)));
          runsForward |= !extended.equals(partitions);
          partitions = extended;
        }
      }
      boolean stopped = stopAt.contains(name);
      PartitionSet named = entry.roots == null ? PartitionSet.empty(asset.grain()) : entry.roots;
      affected.put(
          name,
          new AffectedAsset(
              name,
              partitions,
              named,
              entry.via,
              entry.parent,
              entry.depth,
              runsForward,
              stopped && !graph.downstreamOf(name).isEmpty()));
      if (stopped) {
        continue;
      }
      for (AssetName readerName : graph.downstreamOf(name)) {
        Asset reader = graph.asset(readerName);
        for (Dependency dependency : reader.dependencies()) {
          if (!dependency.upstream().equals(name)) {
            continue;
          }
          PartitionSet reached =
              map(partitions, dependency.mapping(), reader).intersect(exists.apply(readerName));
          if (reached.isEmpty()) {
            continue;
          }
          Pending next = pending.computeIfAbsent(readerName, k -> new Pending());
          next.via.add(new Via(name, dependency.mapping(), reached));
          next.reached = next.reached == null ? reached : next.reached.union(reached);
          if (entry.depth + 1 < next.depth) {
            next.depth = entry.depth + 1;
            next.parent = name;
          }
          queue.add(graph.position(readerName));
        }
      }
    }
    return new Impact(affected);
  }

  /** The partitions of {@code reader} that read any of {@code partitions} through {@code m}. */
  private PartitionSet map(PartitionSet partitions, PartitionMapping m, Asset reader) {
    TimeRange bounds = domain.apply(reader);
    List<TimeRange> spans = new ArrayList<>(partitions.spans().size());
    for (TimeRange span : partitions.spans()) {
      spans.add(
          reader.grain() == Grain.ALL
              ? bounds
              : m.downstreamSpan(span.start(), span.end(), reader.grain(), bounds));
    }
    return PartitionSet.overlapping(reader.grain(), spans);
  }

  /**
   * Through a self edge (a model reading its own earlier partitions), damage to a partition reaches
   * the next ones, and through them every later one: each span runs on to the end of the domain.
   */
  private PartitionSet runForward(Asset asset, PartitionMapping self, PartitionSet partitions) {
    TimeRange bounds = domain.apply(asset);
    List<TimeRange> spans = new ArrayList<>();
    for (TimeRange span : partitions.spans()) {
      TimeRange reached = self.downstreamSpan(span.start(), span.end(), asset.grain(), bounds);
      if (!reached.isEmpty() && reached.end().isAfter(span.end())) {
        spans.add(new TimeRange(reached.start(), bounds.end()));
      }
    }
    return PartitionSet.overlapping(asset.grain(), spans);
  }

  /** What the walk has gathered for an asset before its turn comes. */
  private static final class Pending {
    final List<Via> via = new ArrayList<>();
    PartitionSet roots;
    PartitionSet reached;
    AssetName parent;
    int depth = Integer.MAX_VALUE;

    PartitionSet partitions(Grain grain) {
      PartitionSet all = PartitionSet.empty(grain);
      if (roots != null) {
        all = all.union(roots);
      }
      if (reached != null) {
        all = all.union(reached);
      }
      return all;
    }
  }
}
