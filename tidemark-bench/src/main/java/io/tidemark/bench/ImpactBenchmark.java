package io.tidemark.bench;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetKind;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.graph.AssetGraph;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.impact.ImpactAnalysis;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionMapping;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.repair.RepairPlan;
import io.tidemark.core.repair.RepairPlanner;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Impact analysis at scale: a generated lineage graph of N assets (layered DAG; days, months and
 * unpartitioned tables; identity, window, offset, rollup, all and cumulative self edges; fan-in 1
 * to 5, 3 on average) with 365 daily partitions each, every partition built. Measures the impact of
 * one source over 7 days plus the repair plan built from it, next to a plain table-level walk of
 * the same source's descendants in the same run.
 *
 * <p>Usage: {@code java -Xmx1g -cp CP io.tidemark.bench.ImpactBenchmark [N]} (default 100,000)
 */
public final class ImpactBenchmark {
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final TimeRange YEAR = TimeRange.ofDays(START, LocalDate.of(2024, 12, 30));
  private static final int SOURCES = 500;
  private static final int LAYER_WIDTH = 2_500;

  /** How far (in positions of the layer above) an asset looks for its inputs: lineage is local. */
  private static final int NEIGHBOURHOOD = 60;

  private ImpactBenchmark() {}

  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long generateStart = System.nanoTime();
    List<Asset> assets = generate(size, new Random(42));
    AssetGraph graph = new AssetGraph(assets);
    System.out.printf(
        Locale.ROOT,
        "graph: %,d assets, %,d edges, generated and checked in %.1f s%n",
        assets.size(),
        assets.stream().mapToInt(a -> a.dependencies().size()).sum(),
        (System.nanoTime() - generateStart) / 1e9);
    Map<String, Long> kinds = new java.util.TreeMap<>();
    for (Asset asset : assets) {
      for (Dependency dependency : asset.dependencies()) {
        kinds.merge(dependency.mapping().describe().replaceAll("\\(.*", "(n)"), 1L, Long::sum);
      }
    }
    System.out.println("edges by mapping: " + kinds);

    Function<Asset, TimeRange> domain = asset -> YEAR;
    Function<AssetName, PartitionSet> built =
        name -> PartitionSet.overlapping(graph.asset(name).grain(), YEAR);
    ImpactAnalysis analysis = new ImpactAnalysis(graph, domain);
    RepairPlanner planner = new RepairPlanner(graph);
    List<AssetName> sources = assets.stream().filter(Asset::isSource).map(Asset::name).toList();

    Random pick = new Random(7);
    int warmup = 30;
    int measured = 101;
    long[] impactNanos = new long[measured];
    long[] walkNanos = new long[measured];
    long[] expandNanos = new long[measured];
    long[] affectedAssets = new long[measured];
    long[] affectedPartitions = new long[measured];
    for (int i = -warmup; i < measured; i++) {
      AssetName source = sources.get(pick.nextInt(sources.size()));
      LocalDate first = START.plusDays(pick.nextInt(300));
      Map<AssetName, PartitionSet> roots =
          Map.of(
              source,
              PartitionSet.overlapping(
                  graph.asset(source).grain(), TimeRange.ofDays(first, first.plusDays(6))));

      long walkStart = System.nanoTime();
      Set<AssetName> descendants = graph.withDescendants(source);
      long walkEnd = System.nanoTime();

      long impactStart = System.nanoTime();
      Impact impact = analysis.analyse(roots, built, Set.of());
      RepairPlan plan = planner.plan(impact, Set.of());
      long impactEnd = System.nanoTime();
      long tasks = plan.taskCount();
      long expandEnd = System.nanoTime();

      if (i >= 0) {
        walkNanos[i] = walkEnd - walkStart;
        impactNanos[i] = impactEnd - impactStart;
        expandNanos[i] = expandEnd - impactEnd;
        affectedAssets[i] = impact.assets().size();
        affectedPartitions[i] = impact.partitionCount();
        if (descendants.size() < impact.assets().size() || tasks > impact.partitionCount()) {
          throw new IllegalStateException("impact disagrees with the table-level walk");
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "impact of one source over 7 days + repair plan: median %.2f ms (p90 %.2f ms)%n",
        median(impactNanos) / 1e6,
        percentile(impactNanos, 0.9) / 1e6);
    System.out.printf(
        Locale.ROOT,
        "baseline, table-level descendants walk: median %.2f ms (p90 %.2f ms)%n",
        median(walkNanos) / 1e6,
        percentile(walkNanos, 0.9) / 1e6);
    System.out.printf(
        Locale.ROOT, "counting the plan's tasks: median %.2f ms%n", median(expandNanos) / 1e6);
    System.out.printf(
        Locale.ROOT,
        "affected per query: median %,d assets and %,d partitions (max %,d assets, %,d"
            + " partitions)%n",
        median(affectedAssets),
        median(affectedPartitions),
        Arrays.stream(affectedAssets).max().orElse(0),
        Arrays.stream(affectedPartitions).max().orElse(0));
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "heap: live after GC %,d MB (graph and indexes); every query ran under a %,d MB cap%n",
        (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024),
        runtime.maxMemory() / (1024 * 1024));
    java.lang.ref.Reference.reachabilityFence(analysis);
  }

  /** Layer 0 holds the sources; each later asset reads 1-5 assets near it in the layers above. */
  static List<Asset> generate(int size, Random random) {
    List<Asset> assets = new ArrayList<>(size);
    List<List<Asset>> layers = new ArrayList<>();
    List<Asset> sourceLayer = new ArrayList<>();
    for (int i = 0; i < Math.min(SOURCES, size); i++) {
      Grain grain = i % 50 == 49 ? Grain.ALL : Grain.DAY;
      Asset source = asset("src.s" + i, AssetKind.SOURCE, grain, List.of());
      sourceLayer.add(source);
      assets.add(source);
    }
    layers.add(sourceLayer);
    int number = 0;
    while (assets.size() < size) {
      List<Asset> layer = new ArrayList<>();
      int width = Math.min(LAYER_WIDTH, size - assets.size());
      for (int i = 0; i < width; i++) {
        double roll = random.nextDouble();
        Grain grain = roll < 0.08 ? Grain.MONTH : roll < 0.11 ? Grain.ALL : Grain.DAY;
        boolean cumulative = grain == Grain.DAY && random.nextDouble() < 0.05;
        AssetName name = AssetName.parse("m.a" + number++);
        int fanIn = 1 + random.nextInt(5);
        Set<AssetName> chosen = new LinkedHashSet<>();
        List<Dependency> dependencies = new ArrayList<>();
        for (int j = 0; j < fanIn * 3 && chosen.size() < fanIn; j++) {
          List<Asset> above = layers.get(Math.max(0, layers.size() - 1 - random.nextInt(3)));
          int centre = (int) ((long) i * above.size() / width);
          int index =
              Math.floorMod(
                  centre + random.nextInt(2 * NEIGHBOURHOOD + 1) - NEIGHBOURHOOD, above.size());
          Asset upstream = above.get(index);
          if (chosen.add(upstream.name())) {
            dependencies.add(
                new Dependency(upstream.name(), mapping(random, grain, upstream.grain())));
          }
        }
        if (cumulative) {
          dependencies.add(new Dependency(name, new PartitionMapping.Previous()));
        }
        Asset model = asset(name.toString(), AssetKind.MODEL, grain, dependencies);
        layer.add(model);
        assets.add(model);
      }
      layers.add(layer);
    }
    return assets;
  }

  private static PartitionMapping mapping(Random random, Grain down, Grain up) {
    PartitionMapping fallback = PartitionMapping.defaultFor(down, up, false);
    if (down != Grain.DAY || up != Grain.DAY) {
      return fallback;
    }
    double roll = random.nextDouble();
    return roll < 0.2
        ? new PartitionMapping.Window(7)
        : roll < 0.3 ? new PartitionMapping.Offset(-1) : fallback;
  }

  private static Asset asset(
      String name, AssetKind kind, Grain grain, List<Dependency> dependencies) {
    Partitioning partitioning =
        grain == Grain.ALL ? Partitioning.NONE : new Partitioning(grain, "ts");
    Materialization materialization =
        grain == Grain.ALL ? Materialization.TABLE : Materialization.INCREMENTAL;
    return new Asset(
        AssetName.parse(name),
        kind,
        "",
        "",
        List.of(),
        List.of(),
        materialization,
        partitioning,
        "",
        "",
        START,
        dependencies,
        kind == AssetKind.MODEL ? "select 1" : "",
        new SourceLocation(Path.of("bench"), 0));
  }

  private static long median(long[] values) {
    return percentile(values, 0.5);
  }

  private static long percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
  }
}
