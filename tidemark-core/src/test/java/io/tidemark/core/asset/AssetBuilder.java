package io.tidemark.core.asset;

import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionMapping;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Builds assets in memory for tests that need no project files: graphs and templates. */
public final class AssetBuilder {
  private final AssetName name;
  private final AssetKind kind;
  private final List<Dependency> dependencies = new ArrayList<>();
  private final List<String> tags = new ArrayList<>();
  private Partitioning partitioning = Partitioning.NONE;
  private Materialization materialization = Materialization.TABLE;
  private String sql;
  private String pipeline = "";
  private LocalDate start = LocalDate.of(2024, 1, 1);

  private AssetBuilder(AssetName name, AssetKind kind) {
    this.name = name;
    this.kind = kind;
    this.sql = kind == AssetKind.MODEL ? "select 1" : "";
  }

  /** A table model {@code schema.table}, written in {@code models/schema/table.sql}. */
  public static AssetBuilder model(String qualifiedName) {
    return new AssetBuilder(AssetName.parse(qualifiedName), AssetKind.MODEL);
  }

  public static AssetBuilder source(String qualifiedName) {
    return new AssetBuilder(AssetName.parse(qualifiedName), AssetKind.SOURCE);
  }

  /** Partitioned by {@code grain} on column {@code ts}; a partitioned model is incremental. */
  public AssetBuilder partitioned(Grain grain) {
    partitioning = new Partitioning(grain, "ts");
    if (kind == AssetKind.MODEL) {
      materialization = Materialization.INCREMENTAL;
    }
    return this;
  }

  public AssetBuilder sql(String text) {
    sql = text;
    return this;
  }

  public AssetBuilder dependsOn(String qualifiedName, PartitionMapping mapping) {
    dependencies.add(new Dependency(AssetName.parse(qualifiedName), mapping));
    return this;
  }

  public AssetBuilder dependsOn(String qualifiedName) {
    return dependsOn(qualifiedName, new PartitionMapping.All());
  }

  public AssetBuilder tags(String... values) {
    tags.addAll(List.of(values));
    return this;
  }

  public AssetBuilder pipeline(String value) {
    pipeline = value;
    return this;
  }

  public AssetBuilder start(LocalDate value) {
    start = value;
    return this;
  }

  public Asset build() {
    Path file =
        kind == AssetKind.MODEL
            ? Path.of("models", name.schema(), name.table() + ".sql")
            : Path.of("models", "sources.yml");
    return new Asset(
        name,
        kind,
        "",
        "",
        tags,
        List.of(),
        materialization,
        partitioning,
        pipeline,
        "",
        start,
        dependencies,
        sql,
        new SourceLocation(file, 1));
  }
}
