package io.tidemark.core.asset;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.partition.Grain;
import java.time.LocalDate;
import java.util.List;

/**
 * A table Tidemark knows: a source loaded from outside, or a model it materialises from SQL. The
 * fields beyond the name are the catalog: what the table means and who owns it.
 *
 * @param sql the model's SQL template; empty for sources
 * @param pipeline the pipeline the asset belongs to; empty when none
 * @param schedule a cron expression; empty when the asset runs with its pipeline or on demand
 * @param start the first partition to build
 */
public record Asset(
    AssetName name,
    AssetKind kind,
    String description,
    String owner,
    List<String> tags,
    List<ColumnDoc> columns,
    Materialization materialization,
    Partitioning partitioning,
    String pipeline,
    String schedule,
    LocalDate start,
    List<Dependency> dependencies,
    String sql,
    SourceLocation location) {

  public Asset {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(description, "description is null");
    requireNonNull(owner, "owner is null");
    tags = List.copyOf(requireNonNull(tags, "tags is null"));
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(materialization, "materialization is null");
    requireNonNull(partitioning, "partitioning is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(schedule, "schedule is null");
    requireNonNull(start, "start is null");
    dependencies = List.copyOf(requireNonNull(dependencies, "dependencies is null"));
    requireNonNull(sql, "sql is null");
    requireNonNull(location, "location is null");
    if (materialization == Materialization.INCREMENTAL && !partitioning.isPartitioned()) {
      throw new IllegalArgumentException("an incremental model needs partitioning");
    }
  }

  public boolean isModel() {
    return kind == AssetKind.MODEL;
  }

  public boolean isSource() {
    return kind == AssetKind.SOURCE;
  }

  public Grain grain() {
    return partitioning.grain();
  }

  public boolean isPartitioned() {
    return partitioning.isPartitioned();
  }

  public Asset withDependencies(List<Dependency> newDependencies) {
    return new Asset(
        name,
        kind,
        description,
        owner,
        tags,
        columns,
        materialization,
        partitioning,
        pipeline,
        schedule,
        start,
        newDependencies,
        sql,
        location);
  }
}
