package io.tidemark.core.impact;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.graph.AssetGraph;
import io.tidemark.core.impact.Impact.AffectedAsset;
import io.tidemark.core.impact.Impact.Via;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionMapping;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

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
  private final List<AssetName> order;

  /** Per topological position: the asset, and every (reader, dependency) edge that reads it. */
  private final Asset[] assets;

  private final int[][] readers;
  private final Dependency[][] readerEdges;
  private final TimeRange[] domains;

  /** Per position, the mappings through which the asset reads its own earlier partitions. */
  private final PartitionMapping[][] selfEdges;

  /**
   * @param domain the span in which an asset has partitions (see {@code Lineage.domain})
   */
  public ImpactAnalysis(AssetGraph graph, Function<Asset, TimeRange> domain) {
    this.graph = requireNonNull(graph, "graph is null");
    requireNonNull(domain, "domain is null");
    this.order = graph.topologicalOrder();
    int size = order.size();
    this.assets = new Asset[size];
    List<List<int[]>> edges = new ArrayList<>(size);
    List<List<Dependency>> edgeDependencies = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      assets[i] = graph.asset(order.get(i));
      edges.add(new ArrayList<>(2));
      edgeDependencies.add(new ArrayList<>(2));
    }
    for (int i = 0; i < size; i++) {
      for (Dependency dependency : assets[i].dependencies()) {
        if (!dependency.upstream().equals(assets[i].name())) {
          int upstream = graph.position(dependency.upstream());
          edges.get(upstream).add(new int[] {i});
          edgeDependencies.get(upstream).add(dependency);
        }
      }
    }
    this.readers = new int[size][];
    this.readerEdges = new Dependency[size][];
    this.domains = new TimeRange[size];
    this.selfEdges = new PartitionMapping[size][];
    for (int i = 0; i < size; i++) {
      Asset asset = assets[i];
      domains[i] = domain.apply(asset);
      selfEdges[i] =
          asset.dependencies().stream()
              .filter(d -> d.upstream().equals(asset.name()))
              .map(Dependency::mapping)
              .toArray(PartitionMapping[]::new);
      readers[i] = edges.get(i).stream().mapToInt(e -> e[0]).toArray();
      readerEdges[i] = edgeDependencies.get(i).toArray(Dependency[]::new);
    }
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
    Pending[] pending = new Pending[assets.length];
    PartitionSet[] builtCache = new PartitionSet[assets.length];
    IntFunction<PartitionSet> exists =
        position -> {
          PartitionSet set = builtCache[position];
          if (set == null) {
            set = built.apply(assets[position].name());
            builtCache[position] = set;
          }
          return set;
        };
    // Readers always sit after what they read in topological order, so one forward sweep over
    // the marked positions settles every asset after all of its inputs.
    BitSet queue = new BitSet(assets.length);
    for (Map.Entry<AssetName, PartitionSet> root : roots.entrySet()) {
      int position = graph.position(root.getKey());
      PartitionSet partitions = root.getValue().intersect(exists.apply(position));
      if (partitions.isEmpty()) {
        continue;
      }
      if (pending[position] == null) {
        pending[position] = new Pending();
        queue.set(position);
      }
      Pending entry = pending[position];
      entry.roots = entry.roots == null ? partitions : entry.roots.union(partitions);
      entry.depth = 0;
    }
    Map<AssetName, AffectedAsset> affected = new LinkedHashMap<>();
    for (int position = queue.nextSetBit(0);
        position >= 0;
        position = queue.nextSetBit(position + 1)) {
      Asset asset = assets[position];
      AssetName name = asset.name();
      Pending entry = pending[position];
      PartitionSet partitions = entry.partitions(asset.grain());
      boolean runsForward = false;
      for (PartitionMapping self : selfEdges[position]) {
        PartitionSet forward = runForward(asset, domains[position], self, partitions);
        PartitionSet extended = partitions.union(forward.intersect(exists.apply(position)));
        runsForward |= !extended.equals(partitions);
        partitions = extended;
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
              stopped && readers[position].length > 0));
      if (stopped) {
        continue;
      }
      int[] readerPositions = readers[position];
      Dependency[] edges = readerEdges[position];
      for (int i = 0; i < readerPositions.length; i++) {
        int readerPosition = readerPositions[i];
        Asset reader = assets[readerPosition];
        Dependency dependency = edges[i];
        PartitionSet reached =
            map(partitions, dependency.mapping(), reader, domains[readerPosition])
                .intersect(exists.apply(readerPosition));
        if (reached.isEmpty()) {
          continue;
        }
        Pending next = pending[readerPosition];
        if (next == null) {
          next = new Pending();
          pending[readerPosition] = next;
          queue.set(readerPosition);
        }
        next.via.add(new Via(name, dependency.mapping(), reached));
        next.reached = next.reached == null ? reached : next.reached.union(reached);
        if (entry.depth + 1 < next.depth) {
          next.depth = entry.depth + 1;
          next.parent = name;
        }
      }
    }
    return new Impact(affected);
  }

  /** The partitions of {@code reader} that read any of {@code partitions} through {@code m}. */
  private static PartitionSet map(
      PartitionSet partitions, PartitionMapping m, Asset reader, TimeRange bounds) {
    List<TimeRange> spans = partitions.spans();
    if (spans.size() == 1) {
      TimeRange span = spans.get(0);
      return PartitionSet.overlapping(
          reader.grain(),
          reader.grain() == Grain.ALL
              ? bounds
              : m.downstreamSpan(span.start(), span.end(), reader.grain(), bounds));
    }
    List<TimeRange> mapped = new ArrayList<>(spans.size());
    for (TimeRange span : spans) {
      mapped.add(
          reader.grain() == Grain.ALL
              ? bounds
              : m.downstreamSpan(span.start(), span.end(), reader.grain(), bounds));
    }
    return PartitionSet.overlapping(reader.grain(), mapped);
  }

  /**
   * Through a self edge (a model reading its own earlier partitions), damage to a partition reaches
   * the next ones, and through them every later one: each span runs on to the end of the domain.
   */
  private static PartitionSet runForward(
      Asset asset, TimeRange bounds, PartitionMapping self, PartitionSet partitions) {
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
    final List<Via> via = new ArrayList<>(2);
    PartitionSet roots;
    PartitionSet reached;
    AssetName parent;
    int depth = Integer.MAX_VALUE;

    PartitionSet partitions(Grain grain) {
      if (roots == null) {
        return reached == null ? PartitionSet.empty(grain) : reached;
      }
      return reached == null ? roots : roots.union(reached);
    }
  }
}
