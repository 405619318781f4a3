package io.tidemark.core.project;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.AssetGraph;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.quality.Check;
import io.tidemark.core.template.ModelRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A loaded, validated project: its configuration, its assets and the graph between them. */
public final class Project {
  private final Path root;
  private final ProjectConfig config;
  private final AssetGraph graph;
  private final java.util.function.Supplier<ModelRenderer> renderer;
  private volatile ModelRenderer madeRenderer;
  private final Map<AssetName, String> codeVersions;
  private final Map<AssetName, List<Check>> checks;
  private final Map<AssetName, LoadSpec> loads;
  private final Map<AssetName, Integer> batchSizes;

  Project(
      Path root,
      ProjectConfig config,
      AssetGraph graph,
      ModelRenderer renderer,
      Map<AssetName, String> codeVersions,
      Map<AssetName, List<Check>> checks) {
    this(root, config, graph, renderer, codeVersions, checks, Map.of());
  }

  Project(
      Path root,
      ProjectConfig config,
      AssetGraph graph,
      ModelRenderer renderer,
      Map<AssetName, String> codeVersions,
      Map<AssetName, List<Check>> checks,
      Map<AssetName, LoadSpec> loads) {
    this(root, config, graph, renderer, codeVersions, checks, loads, Map.of());
  }

  Project(
      Path root,
      ProjectConfig config,
      AssetGraph graph,
      ModelRenderer renderer,
      Map<AssetName, String> codeVersions,
      Map<AssetName, List<Check>> checks,
      Map<AssetName, LoadSpec> loads,
      Map<AssetName, Integer> batchSizes) {
    this(
        root,
        config,
        graph,
        constant(requireNonNull(renderer, "renderer is null")),
        codeVersions,
        checks,
        loads,
        batchSizes);
  }

  /**
   * @param renderer makes the project's renderer when first asked for: a command that renders no
   *     template never starts the template engine
   */
  Project(
      Path root,
      ProjectConfig config,
      AssetGraph graph,
      java.util.function.Supplier<ModelRenderer> renderer,
      Map<AssetName, String> codeVersions,
      Map<AssetName, List<Check>> checks,
      Map<AssetName, LoadSpec> loads,
      Map<AssetName, Integer> batchSizes) {
    this.batchSizes = Map.copyOf(requireNonNull(batchSizes, "batchSizes is null"));
    this.root = requireNonNull(root, "root is null");
    this.config = requireNonNull(config, "config is null");
    this.graph = requireNonNull(graph, "graph is null");
    this.renderer = requireNonNull(renderer, "renderer is null");
    this.codeVersions = Map.copyOf(requireNonNull(codeVersions, "codeVersions is null"));
    this.checks = Map.copyOf(requireNonNull(checks, "checks is null"));
    this.loads = Map.copyOf(requireNonNull(loads, "loads is null"));
  }

  /** The {@code load:} block of a source Tidemark loads itself; empty for other assets. */
  public Optional<LoadSpec> load(AssetName name) {
    return Optional.ofNullable(loads.get(name));
  }

  /** Whether Tidemark loads the asset itself (a source with a {@code load:} block). */
  public boolean isLoaded(AssetName name) {
    return loads.containsKey(name);
  }

  /** The sources Tidemark loads, with their {@code load:} blocks. */
  public Map<AssetName, LoadSpec> loads() {
    return loads;
  }

  public Path root() {
    return root;
  }

  public ProjectConfig config() {
    return config;
  }

  public AssetGraph graph() {
    return graph;
  }

  public ModelRenderer renderer() {
    ModelRenderer made = madeRenderer;
    if (made == null) {
      synchronized (this) {
        if (madeRenderer == null) {
          madeRenderer = requireNonNull(renderer.get(), "renderer made null");
        }
        made = madeRenderer;
      }
    }
    return made;
  }

  private static java.util.function.Supplier<ModelRenderer> constant(ModelRenderer renderer) {
    return () -> renderer;
  }

  public Map<AssetName, Asset> assets() {
    return graph.assets();
  }

  public Asset asset(AssetName name) {
    return graph.asset(name);
  }

  /**
   * A digest of everything in an asset's definition that changes what it writes: SQL,
   * materialization, partitioning, dependencies.
   */
  public String codeVersion(AssetName name) {
    return codeVersions.get(name);
  }

  /**
   * How many adjacent partitions of the asset a run builds with one statement (see {@code
   * batch_size} in docs/running.md); 1 when it builds them one at a time.
   */
  public int batchSize(AssetName name) {
    return batchSizes.getOrDefault(name, 1);
  }

  /**
   * Whether a batch of the asset is built partition by partition, each partition's select rendered
   * with its own bounds and their union written by one statement, rather than by one select over
   * the batch's span: so for a model batched by its {@code batch_size} although its template uses
   * the bounds otherwise than to filter what it reads (it writes {@code date '{{ partition_start
   * }}'} as its day, say), unless it reads itself.
   */
  public boolean batchesPartitionWise(AssetName name) {
    return batchSize(name) > 1 && BatchSizes.partitionWise(asset(name).sql());
  }

  /** The data-quality checks of an asset, the default volume check included. */
  public List<Check> checks(AssetName name) {
    return checks.getOrDefault(name, List.of());
  }

  /** Finds an asset by {@code schema.table}, or a model by its name alone. */
  public Optional<Asset> find(String name) {
    requireNonNull(name, "name is null");
    if (name.contains(".")) {
      try {
        return Optional.ofNullable(assets().get(AssetName.parse(name)));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    List<Asset> matches =
        assets().values().stream().filter(a -> a.name().table().equals(name)).toList();
    if (matches.size() > 1) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "'"
              + name
              + "' is ambiguous: "
              + matches.stream().map(a -> a.name().toString()).sorted().toList()
              + "; qualify it with its schema");
    }
    return matches.stream().findFirst();
  }

  /** Like {@link #find} but fails with a clear message when there is no such asset. */
  public Asset resolve(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new TidemarkException(
                    ErrorCode.NOT_FOUND,
                    "unknown asset '" + name + "' (see `tidemark status` for the list)"));
  }
}
