package io.tidemark.core.project;

import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetKind;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.partition.PartitionMapping;
import io.tidemark.core.quality.CheckReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the YAML files under {@code models/} that declare sources and describe models. */
final class PropertiesReader {
  private final ProjectConfig config;
  private final Map<AssetName, AssetDraft> drafts;
  private final Map<String, AssetDraft> modelsByTable;
  private final ProjectLoader.Problems problems;

  PropertiesReader(
      ProjectConfig config,
      Map<AssetName, AssetDraft> drafts,
      Map<String, AssetDraft> modelsByTable,
      ProjectLoader.Problems problems) {
    this.config = config;
    this.drafts = drafts;
    this.modelsByTable = modelsByTable;
    this.problems = problems;
  }

  /** Reads a YAML file's text, already read from the file shown as {@code displayName}. */
  void read(String text, Path displayName) {
    try {
      read(YamlNode.parse(text, displayName));
    } catch (TidemarkException e) {
      problems.add(e.getMessage());
    }
  }

  private void read(YamlNode root) {
    root.requireKnownKeys("a models YAML file", "sources", "models");
    root.get("sources").ifPresent(s -> s.items().forEach(guarded(this::readSourceSchema)));
    root.get("models").ifPresent(m -> m.items().forEach(guarded(this::readModel)));
  }

  private java.util.function.Consumer<YamlNode> guarded(
      java.util.function.Consumer<YamlNode> reader) {
    return node -> {
      try {
        reader.accept(node);
      } catch (TidemarkException e) {
        problems.add(e.getMessage());
      }
    };
  }

  private void readSourceSchema(YamlNode node) {
    node.requireKnownKeys("source", "schema", "description", "owner", "tags", "tables");
    YamlNode schemaNode =
        node.get("schema").orElseThrow(() -> node.error("a source needs a schema"));
    String schema = schemaNode.text();
    if (!AssetName.isIdentifier(schema)) {
      throw schemaNode.error("'" + schema + "' is not a valid schema name");
    }
    String owner = node.text("owner", "");
    var tags = node.texts("tags");
    YamlNode tables =
        node.get("tables").orElseThrow(() -> node.error("source '" + schema + "' lists no tables"));
    for (YamlNode table : tables.items()) {
      try {
        readSourceTable(schema, owner, tags, node.text("description", ""), table);
      } catch (TidemarkException e) {
        problems.add(e.getMessage());
      }
    }
  }

  private void readSourceTable(
      String schema,
      String owner,
      java.util.List<String> tags,
      String schemaDescription,
      YamlNode node) {
    node.requireKnownKeys(
        "source table",
        "name",
        "description",
        "owner",
        "tags",
        "partitioning",
        "columns",
        "checks",
        "tests",
        "load");
    YamlNode nameNode =
        node.get("name").orElseThrow(() -> node.error("a source table needs a name"));
    if (!AssetName.isIdentifier(nameNode.text())) {
      throw nameNode.error("'" + nameNode.text() + "' is not a valid table name");
    }
    AssetName name = AssetName.of(schema, nameNode.text());
    AssetDraft existing = drafts.get(name);
    if (existing != null) {
      throw nameNode.error(name + " is already declared at " + existing.location);
    }
    AssetDraft draft = new AssetDraft();
    draft.name = name;
    draft.kind = AssetKind.SOURCE;
    draft.description = node.text("description", schemaDescription);
    draft.owner = node.text("owner", owner);
    draft.tags = new ArrayList<>(tags);
    draft.tags.addAll(node.texts("tags"));
    draft.start = config.start();
    draft.location = nameNode.location();
    draft.propertiesLocation = nameNode.location();
    node.get("partitioning").ifPresent(p -> draft.partitioning = ProjectLoader.partitioning(p));
    node.get("load").ifPresent(l -> draft.load = LoadBlockReader.read(l, draft.partitioning));
    node.get("columns")
        .ifPresent(c -> c.items().forEach(col -> draft.columns.add(ProjectLoader.column(col))));
    readChecks(draft, node);
    drafts.put(name, draft);
  }

  private void readModel(YamlNode node) {
    node.requireKnownKeys(
        "model",
        "name",
        "description",
        "owner",
        "tags",
        "pipeline",
        "schedule",
        "start",
        "materialized",
        "partitioning",
        "batch_size",
        "depends_on",
        "columns",
        "checks",
        "tests");
    YamlNode nameNode = node.get("name").orElseThrow(() -> node.error("a model needs a name"));
    AssetDraft draft = modelsByTable.get(nameNode.text());
    if (draft == null) {
      throw nameNode.error(
          "model '"
              + nameNode.text()
              + "' has no SQL file (expected models/**/"
              + nameNode.text()
              + ".sql)");
    }
    if (draft.propertiesLocation != null) {
      throw nameNode.error(
          "model '" + nameNode.text() + "' is already described at " + draft.propertiesLocation);
    }
    draft.propertiesLocation = nameNode.location();
    draft.description = node.text("description", "");
    draft.owner = node.text("owner", "");
    draft.tags = new ArrayList<>(node.texts("tags"));
    node.get("start").ifPresent(s -> draft.start = ConfigReader.date(s));
    node.get("partitioning").ifPresent(p -> draft.partitioning = ProjectLoader.partitioning(p));
    if (node.get("materialized").isPresent()) {
      draft.materialization = ProjectLoader.materialization(node.get("materialized").get());
    } else if (draft.partitioning.isPartitioned()) {
      draft.materialization = Materialization.INCREMENTAL;
    }
    if (draft.materialization == Materialization.INCREMENTAL
        && !draft.partitioning.isPartitioned()) {
      throw node.error(
          "model '"
              + draft.name.table()
              + "' is incremental but has no partitioning: {grain, column}");
    }
    if (draft.materialization != Materialization.INCREMENTAL
        && draft.partitioning.isPartitioned()) {
      throw node.get("partitioning")
          .orElseThrow()
          .error("only incremental models are partitioned; set materialized: incremental");
    }
    if (node.get("batch_size").isPresent()) {
      int size = node.integer("batch_size", 1);
      if (size < 1) {
        throw node.get("batch_size").get().error("'batch_size' must be 1 or more, got " + size);
      }
      if (draft.materialization != Materialization.INCREMENTAL) {
        throw node.get("batch_size")
            .get()
            .error("only incremental models are built in batches; remove batch_size");
      }
      draft.batchSize = size;
    }
    if (node.get("pipeline").isPresent()) {
      YamlNode pipeline = node.get("pipeline").get();
      if (!config.pipelines().containsKey(pipeline.text())) {
        throw pipeline.error(
            "unknown pipeline '"
                + pipeline.text()
                + "' (declare it under pipelines: in tidemark.yml; declared: "
                + String.join(", ", config.pipelines().keySet())
                + ")");
      }
      draft.pipeline = pipeline.text();
    }
    if (node.get("schedule").isPresent()) {
      draft.schedule = node.get("schedule").get().text();
      ConfigReader.checkCron(node.get("schedule").get(), draft.schedule);
    }
    node.get("columns")
        .ifPresent(c -> c.items().forEach(col -> draft.columns.add(ProjectLoader.column(col))));
    readChecks(draft, node);
    node.get("depends_on")
        .ifPresent(d -> d.items().forEach(edge -> draft.declaredEdges.add(edge(draft, edge))));
  }

  /** The asset's {@code checks:} (or dbt's {@code tests:}) and those of its columns. */
  private void readChecks(AssetDraft draft, YamlNode node) {
    CheckReader reader = new CheckReader(this::resolveAsset, draft.kind == AssetKind.SOURCE);
    Runnable off = () -> draft.volumeOff = true;
    for (String key : List.of("checks", "tests")) {
      node.get(key).ifPresent(list -> draft.checks.addAll(reader.read(list, null, off)));
    }
    node.get("columns")
        .ifPresent(
            columns -> {
              for (YamlNode column : columns.items()) {
                String name = column.text("name", "");
                for (String key : List.of("checks", "tests")) {
                  column
                      .get(key)
                      .ifPresent(list -> draft.checks.addAll(reader.read(list, name, off)));
                }
              }
            });
  }

  /** A model by name, or any asset by {@code schema.table} (checked once all are read). */
  private Optional<AssetName> resolveAsset(String text) {
    if (text.contains(".")) {
      try {
        return Optional.of(AssetName.parse(text));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    AssetDraft model = modelsByTable.get(text);
    return model == null ? Optional.empty() : Optional.of(model.name);
  }

  private AssetDraft.DeclaredEdge edge(AssetDraft draft, YamlNode node) {
    node.requireKnownKeys("depends_on entry", "ref", "source", "this", "mapping");
    AssetName upstream;
    if (node.get("ref").isPresent()) {
      YamlNode ref = node.get("ref").get();
      AssetDraft target = modelsByTable.get(ref.text());
      if (target == null) {
        throw ref.error("unknown model '" + ref.text() + "'");
      }
      upstream = target.name;
    } else if (node.get("source").isPresent()) {
      YamlNode source = node.get("source").get();
      try {
        upstream = AssetName.parse(source.text());
      } catch (IllegalArgumentException e) {
        throw source.error("source must be written schema.table, got '" + source.text() + "'");
      }
    } else if (node.get("this").isPresent()) {
      upstream = draft.name;
    } else {
      throw node.error("a depends_on entry names ref: MODEL, source: SCHEMA.TABLE or this: true");
    }
    YamlNode mappingNode =
        node.get("mapping").orElseThrow(() -> node.error("a depends_on entry needs a mapping"));
    try {
      return new AssetDraft.DeclaredEdge(
          upstream, PartitionMapping.parse(mappingNode.text()), node);
    } catch (IllegalArgumentException e) {
      throw mappingNode.error(e.getMessage());
    }
  }
}
