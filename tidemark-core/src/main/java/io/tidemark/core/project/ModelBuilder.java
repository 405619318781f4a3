package io.tidemark.core.project;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetKind;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionMapping;
import io.tidemark.core.template.ModelRenderer;
import io.tidemark.core.template.RenderedSql;
import io.tidemark.core.template.TemplateReads;
import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.TableFunctionCall;
import io.tidemark.core.warehouse.TableReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one model's draft into an asset: renders its SQL, checks with the warehouse's parser that
 * it reads only what it declares, and works out its dependencies and their partition mappings.
 * Models are independent of each other, so the loader builds them in parallel: this class keeps no
 * state between calls.
 */
final class ModelBuilder {
  private final Function<String, ParsedQuery> sqlParser;
  private final Map<AssetName, AssetDraft> drafts;
  private final ModelRenderer renderer;
  private final FileAccess fileAccess;
  private final Optional<ProjectCache> cache;

  ModelBuilder(
      Function<String, ParsedQuery> sqlParser,
      Map<AssetName, AssetDraft> drafts,
      ModelRenderer renderer,
      FileAccess fileAccess) {
    this(sqlParser, drafts, renderer, fileAccess, Optional.empty());
  }

  /**
   * @param cache where renders and parses of earlier loads are reused from and kept for later ones
   */
  ModelBuilder(
      Function<String, ParsedQuery> sqlParser,
      Map<AssetName, AssetDraft> drafts,
      ModelRenderer renderer,
      FileAccess fileAccess,
      Optional<ProjectCache> cache) {
    this.cache = requireNonNull(cache, "cache is null");
    this.sqlParser = requireNonNull(sqlParser, "sqlParser is null");
    this.drafts = requireNonNull(drafts, "drafts is null");
    this.renderer = requireNonNull(renderer, "renderer is null");
    this.fileAccess = requireNonNull(fileAccess, "fileAccess is null");
  }

  /**
   * What building one model gave: the asset (null when it has problems) and its problems; and for
   * the project's snapshot, what its render read (null when not recorded) and the files its table
   * functions matched.
   */
  record Built(
      Asset asset,
      String codeVersion,
      List<String> problems,
      TemplateReads reads,
      List<ProjectSnapshot.FileRead> fileReads) {
    Built(Asset asset, String codeVersion, List<String> problems) {
      this(asset, codeVersion, problems, null, List.of());
    }
  }

  /** Builds a draft, collecting its problems instead of stopping at the first. */
  Built build(AssetDraft draft) {
    ProjectLoader.Problems problems = new ProjectLoader.Problems();
    try {
      List<String> fileStamps = new ArrayList<>();
      List<ProjectSnapshot.FileRead> fileReads = new ArrayList<>();
      TemplateReads[] reads = new TemplateReads[1];
      Asset asset = build(draft, problems, fileStamps, fileReads, reads);
      return new Built(
          asset,
          asset == null ? null : codeVersion(asset, fileStamps),
          problems.messages(),
          reads[0],
          fileReads);
    } catch (TidemarkException e) {
      problems.add(e.getMessage());
      return new Built(null, null, problems.messages());
    }
  }

  private Asset build(
      AssetDraft draft,
      ProjectLoader.Problems problems,
      List<String> fileStamps,
      List<ProjectSnapshot.FileRead> fileReads,
      TemplateReads[] recordedReads) {
    if (draft.kind == AssetKind.SOURCE) {
      return toAsset(draft, List.of());
    }
    Asset probe = toAsset(draft, List.of());
    PartitionKey firstPartition =
        PartitionKey.containing(draft.partitioning.grain(), draft.start.atStartOfDay());
    Rendering rendering = render(draft, probe, firstPartition);
    recordedReads[0] = rendering.reads();
    RenderedSql rendered = rendering.rendered();
    int before = problems.count();
    checkTables(draft, rendering, problems, fileStamps, fileReads);
    List<Dependency> dependencies = new ArrayList<>();
    Map<AssetName, AssetDraft.DeclaredEdge> declared = new LinkedHashMap<>();
    for (AssetDraft.DeclaredEdge edge : draft.declaredEdges) {
      boolean reads =
          edge.upstream().equals(draft.name)
              ? rendered.readsItself()
              : rendered.referencedAssets().contains(edge.upstream());
      if (!reads) {
        problems.add(
            edge.node().location()
                + ": "
                + draft.name
                + " declares a mapping for "
                + edge.upstream()
                + " but its SQL does not read it");
        continue;
      }
      declared.put(edge.upstream(), edge);
    }
    List<AssetName> upstreams = new ArrayList<>(rendered.referencedAssets());
    if (rendered.readsItself()) {
      upstreams.add(draft.name);
    }
    for (AssetName upstream : upstreams) {
      AssetDraft upstreamDraft = drafts.get(upstream);
      boolean self = upstream.equals(draft.name);
      Grain down = draft.partitioning.grain();
      Grain up = upstreamDraft.partitioning.grain();
      AssetDraft.DeclaredEdge edge = declared.get(upstream);
      PartitionMapping mapping =
          edge != null ? edge.mapping() : PartitionMapping.defaultFor(down, up, self);
      Optional<String> problem = mapping.problem(down, up, self);
      if (problem.isPresent()) {
        SourceLocation where =
            edge != null
                ? edge.node().location()
                : new SourceLocation(
                    draft.location.file(), rendered.references().getOrDefault(upstream, 0));
        problems.add(
            where
                + ": mapping '"
                + mapping.describe()
                + "' from "
                + upstream
                + " to "
                + draft.name
                + " is impossible: "
                + problem.get());
        continue;
      }
      dependencies.add(new Dependency(upstream, mapping));
    }
    return problems.count() == before ? toAsset(draft, dependencies) : null;
  }

  /**
   * A model's template rendered for its first partition, and the parser's view of the result.
   *
   * @param rendered what the template named; its SQL text is empty when it came from the cache
   * @param text the rendered SQL, rendered again on demand when it came from the cache: only a
   *     problem's line number needs it
   */
  private record Rendering(
      RenderedSql rendered, Supplier<String> text, ParsedQuery parsed, TemplateReads reads) {}

  /**
   * Renders and parses the model, or reuses an earlier load's render and parse when the template
   * text, and everything the template read, are the same as then.
   */
  private Rendering render(AssetDraft draft, Asset probe, PartitionKey partition) {
    if (cache.isEmpty()) {
      RenderedSql rendered = renderer.render(probe, partition);
      return new Rendering(rendered, rendered::sql, sqlParser.apply(rendered.sql()), null);
    }
    String inputs = inputsDigest(draft, partition);
    ProjectCache.Model previous = cache.get().previous(draft.name.toString());
    if (previous != null
        && previous.inputs().equals(inputs)
        && renderer.stillReads(previous.reads())) {
      cache.get().keep(previous);
      Map<AssetName, Integer> references = new LinkedHashMap<>();
      previous.references().forEach(r -> references.put(AssetName.parse(r.asset()), r.line()));
      RenderedSql rendered = new RenderedSql("", references, previous.readsItself());
      return new Rendering(
          rendered,
          () -> renderer.render(probe, partition).sql(),
          previous.parse().query(),
          previous.reads());
    }
    ModelRenderer.RecordedRender recorded = renderer.renderRecorded(probe, partition);
    RenderedSql rendered = recorded.rendered();
    String renderedDigest = digest(rendered.sql());
    // The same SQL parses the same: a template edit that renders to the same text needs no parse.
    ParsedQuery parsed =
        previous != null && previous.renderedDigest().equals(renderedDigest)
            ? previous.parse().query()
            : sqlParser.apply(rendered.sql());
    if (recorded.reads().repeatable()) {
      List<ProjectCache.Reference> references = new ArrayList<>();
      rendered
          .references()
          .forEach(
              (name, line) -> references.add(new ProjectCache.Reference(name.toString(), line)));
      cache
          .get()
          .keep(
              new ProjectCache.Model(
                  draft.name.toString(),
                  inputs,
                  recorded.reads(),
                  renderedDigest,
                  references,
                  rendered.readsItself(),
                  ProjectCache.Parse.of(parsed),
                  BatchSizes.boundsOnlyFilter(draft.sql)));
    }
    return new Rendering(rendered, rendered::sql, parsed, recorded.reads());
  }

  /** What rendering reads besides the template's reads: its text, name, file and partition. */
  private static String inputsDigest(AssetDraft draft, PartitionKey partition) {
    return digest(
        draft.name
            + "\n"
            + draft.location.file()
            + "\n"
            + partition.grain()
            + "\n"
            + partition
            + "\n"
            + draft.sql);
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every table the SQL reads must be one it declared through ref(), source() or this. */
  private void checkTables(
      AssetDraft draft,
      Rendering rendering,
      ProjectLoader.Problems problems,
      List<String> fileStamps,
      List<ProjectSnapshot.FileRead> fileReads) {
    RenderedSql rendered = rendering.rendered();
    ParsedQuery parsed = rendering.parsed();
    if (parsed.problem().isPresent()) {
      int line = lineOf(rendering.text().get(), parsed.errorOffset());
      problems.add(
          new SourceLocation(draft.location.file(), line)
              + ": SQL error: "
              + parsed.problem().get());
      return;
    }
    for (TableFunctionCall call : parsed.tableFunctions()) {
      Optional<String> refused = fileAccess.problem(call);
      if (refused.isPresent()) {
        problems.add(
            new SourceLocation(draft.location.file(), lineOf(rendering.text().get(), call.offset()))
                + ": "
                + refused.get());
      } else {
        List<String> stamps = fileAccess.stamps(call);
        fileStamps.addAll(stamps);
        fileReads.add(new ProjectSnapshot.FileRead(call.name(), call.textArguments(), stamps));
      }
    }
    for (TableReference table : parsed.tables()) {
      String schema = table.schema().isEmpty() ? "main" : table.schema();
      AssetName name = find(drafts, schema, table.table());
      if (name != null
          && (rendered.referencedAssets().contains(name)
              || (name.equals(draft.name) && rendered.readsItself()))) {
        continue;
      }
      int line = lineOfReference(rendering.text().get(), table);
      SourceLocation where = new SourceLocation(draft.location.file(), line);
      if (name == null && looksLikeFile(table)) {
        problems.add(
            where
                + ": reads the file '"
                + table.table()
                + "' directly; models read declared sources and models only");
      } else if (name == null) {
        problems.add(
            where
                + ": reads undeclared table "
                + table
                + "; declare it under sources: in a YAML file, or use ref()/source()");
      } else if (drafts.get(name).kind == AssetKind.SOURCE) {
        problems.add(
            where
                + ": reads "
                + name
                + " directly; write {{ source('"
                + name.schema()
                + "', '"
                + name.table()
                + "') }} so the dependency is tracked");
      } else {
        problems.add(
            where
                + ": reads "
                + name
                + " directly; write {{ "
                + (name.equals(draft.name) ? "this" : "ref('" + name.table() + "')")
                + " }} so the dependency is tracked");
      }
    }
  }

  /** DuckDB reads a quoted path in FROM as a file ({@code from '/data/x.csv'}). */
  private static boolean looksLikeFile(TableReference table) {
    String name = table.table();
    return name.contains("/") || name.contains("\\") || name.matches(".*\\.[A-Za-z0-9]+$");
  }

  private static AssetName find(Map<AssetName, AssetDraft> drafts, String schema, String table) {
    AssetName exact =
        AssetName.isIdentifier(schema) && AssetName.isIdentifier(table)
            ? AssetName.of(schema, table)
            : null;
    if (exact != null && drafts.containsKey(exact)) {
      return exact;
    }
    // DuckDB identifiers are case-insensitive; the slow path runs only for unusual spellings.
    for (AssetName name : drafts.keySet()) {
      if (name.schema().equalsIgnoreCase(schema) && name.table().equalsIgnoreCase(table)) {
        return name;
      }
    }
    return null;
  }

  private static int lineOf(String text, int offset) {
    if (offset < 0) {
      return 0;
    }
    int line = 1;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /**
   * The line where {@code table} is named as a whole word, schema included when written; a bare
   * substring search would stop at a comment or column that merely contains the name.
   */
  private static int lineOfReference(String text, TableReference table) {
    String qualifier =
        table.schema().isEmpty() ? "" : Pattern.quote(table.schema()) + "\\s*\\.\\s*";
    Matcher reference =
        Pattern.compile(
                "(?<![\\w.])" + qualifier + Pattern.quote(table.table()) + "(?!\\w)",
                Pattern.CASE_INSENSITIVE)
            .matcher(text);
    return reference.find() ? lineOf(text, reference.start()) : lineOfWord(text, table.table());
  }

  private static int lineOfWord(String text, String word) {
    int at = text.toLowerCase(Locale.ROOT).indexOf(word.toLowerCase(Locale.ROOT));
    return at < 0 ? 0 : lineOf(text, at);
  }

  private static Asset toAsset(AssetDraft draft, List<Dependency> dependencies) {
    return new Asset(
        draft.name,
        draft.kind,
        draft.description,
        draft.owner,
        draft.tags,
        draft.columns,
        draft.materialization,
        draft.partitioning,
        draft.pipeline,
        draft.schedule,
        draft.start,
        dependencies,
        draft.sql,
        draft.location);
  }

  private static String codeVersion(Asset asset, List<String> fileStamps) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      StringBuilder text = new StringBuilder();
      text.append(asset.kind()).append('\n');
      text.append(asset.materialization()).append('\n');
      text.append(asset.partitioning()).append('\n');
      asset.dependencies().stream()
          .map(d -> d.upstream() + ":" + d.mapping().describe())
          .sorted()
          .forEach(d -> text.append(d).append('\n'));
      text.append(asset.sql());
      // Files an allowed read matches are inputs too: a changed file makes the partitions stale.
      fileStamps.forEach(stamp -> text.append('\n').append(stamp));
      byte[] hash = digest.digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
