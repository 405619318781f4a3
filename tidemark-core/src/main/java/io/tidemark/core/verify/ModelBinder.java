package io.tidemark.core.verify;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.project.Project;
import io.tidemark.core.template.RenderedSql;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds every model's SQL against the warehouse's catalog, as {@code tidemark validate} does after
 * parsing: an unknown function or column, a type error, or an incremental model whose columns no
 * longer match its table show before a run, not as a failed task. A model whose inputs are not in
 * the warehouse yet cannot be bound; it is counted apart.
 */
public final class ModelBinder {
  private final Project project;
  private final Warehouse warehouse;

  public ModelBinder(Project project, Warehouse warehouse) {
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
  }

  /**
   * @param problems one line per model that cannot run, naming its file
   * @param bound models whose SQL the warehouse bound
   * @param unbound models not bound because an input is not in the warehouse yet
   */
  public record Result(List<String> problems, int bound, List<AssetName> unbound) {
    public Result {
      problems = List.copyOf(problems);
      unbound = List.copyOf(unbound);
    }
  }

  public Result bind() {
    List<String> problems = new ArrayList<>();
    List<AssetName> unbound = new ArrayList<>();
    int bound = 0;
    try (WarehouseSession session = warehouse.openSession()) {
      Map<AssetName, Long> tables = session.tableGenerations();
      for (AssetName name : project.graph().topologicalOrder()) {
        Asset asset = project.asset(name);
        if (!asset.isModel()) {
          continue;
        }
        boolean inputsThere =
            asset.dependencies().stream()
                .map(Dependency::upstream)
                .filter(upstream -> !upstream.equals(name))
                .allMatch(tables::containsKey);
        if (!inputsThere) {
          unbound.add(name);
          continue;
        }
        PartitionKey first = PartitionKey.containing(asset.grain(), asset.start().atStartOfDay());
        Optional<String> problem;
        try {
          RenderedSql sql = project.renderer().render(asset, first, tables.containsKey(name));
          problem =
              session.bind(
                  new WriteRequest(
                      name, asset.materialization(), asset.partitioning(), first, sql.sql(), 0));
        } catch (TidemarkException e) {
          problem = Optional.of(e.getMessage());
        }
        if (problem.isPresent()) {
          problems.add(asset.location().file() + ": " + name + ": " + problem.get());
        } else {
          bound++;
        }
      }
    }
    return new Result(problems, bound, unbound);
  }
}
