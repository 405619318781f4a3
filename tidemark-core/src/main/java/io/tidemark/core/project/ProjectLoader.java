package io.tidemark.core.project;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.toSet;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetKind;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.ColumnDoc;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.files.ProjectFiles;
import io.tidemark.core.graph.AssetGraph;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.quality.Check;
import io.tidemark.core.quality.CheckReader;
import io.tidemark.core.template.ModelRenderer;
import io.tidemark.core.template.ReferenceResolver;
import io.tidemark.core.template.TemplateReads;
import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.SqlParser;
import io.tidemark.core.warehouse.WarehouseConfig;
import io.tidemark.core.warehouse.WarehouseProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Reads a project directory: {@code tidemark.yml}, SQL models under {@code models/}, and the YAML
 * files beside them. Every problem names its file and line; all problems found are reported
 * together.
 */
public final class ProjectLoader {
  private static final int MAX_REPORTED_PROBLEMS = 25;

  private final Function<WarehouseConfig, SqlParser> parsers;
  private final UnaryOperator<String> environment;
  private final WarehouseProviders warehouses;

  /** Whether loads reuse and keep renders and parses in the project's cache. */
  private final boolean cached;

  /** Whether models are parsed by the engine's own parser, which the cache can name. */
  private final boolean engineParser;

  /**
   * A loader that checks models with the parser of the engine each project names, among the engines
   * installed.
   */
  public ProjectLoader(WarehouseProviders warehouses, UnaryOperator<String> environment) {
    this.warehouses = requireNonNull(warehouses, "warehouses is null");
    this.environment = requireNonNull(environment, "environment is null");
    this.parsers = config -> warehouses.provider(config.type()).openParser();
    this.cached = false;
    this.engineParser = true;
  }

  private ProjectLoader(ProjectLoader loader, boolean cached) {
    this.parsers = loader.parsers;
    this.environment = loader.environment;
    this.warehouses = loader.warehouses;
    this.cached = cached;
    this.engineParser = loader.engineParser;
  }

  /**
   * A loader that keeps what loading computed in the project's {@code .tidemark/project-cache/} and
   * reuses it when the inputs are the same (see {@link ProjectCache}): the loaded project is the
   * same either way. Only for loaders that check models with the engine's own parser: a parser
   * handed in as a function is not known well enough to cache what it says.
   */
  public ProjectLoader cached() {
    if (!engineParser) {
      throw new IllegalStateException("only a loader that uses the engines' own parsers caches");
    }
    return new ProjectLoader(this, true);
  }

  /**
   * @param sqlParser the warehouse's parser, used to check that models read only what they declare;
   *     called from several threads at once, so it must be thread-safe
   */
  public ProjectLoader(Function<String, ParsedQuery> sqlParser) {
    this(sqlParser, System::getenv);
  }

  public ProjectLoader(Function<String, ParsedQuery> sqlParser, UnaryOperator<String> environment) {
    this(sqlParser, environment, WarehouseProviders.installed());
  }

  public ProjectLoader(
      Function<String, ParsedQuery> sqlParser,
      UnaryOperator<String> environment,
      WarehouseProviders warehouses) {
    requireNonNull(sqlParser, "sqlParser is null");
    this.environment = requireNonNull(environment, "environment is null");
    this.warehouses = requireNonNull(warehouses, "warehouses is null");
    this.parsers =
        config ->
            new SqlParser() {
              @Override
              public ParsedQuery parse(String selectSql) {
                return sqlParser.apply(selectSql);
              }

              @Override
              public void close() {}
            };
    this.cached = false;
    this.engineParser = false;
  }

  /**
   * Reads {@code tidemark.yml} alone: what commands that need no models (run history, ad-hoc SQL)
   * work from, so one broken model file does not hide the project's history. The warehouse type
   * must be one of the installed engines.
   */
  public static ProjectConfig loadConfig(Path directory, UnaryOperator<String> environment) {
    return loadConfig(directory, environment, WarehouseProviders.installed());
  }

  public static ProjectConfig loadConfig(
      Path directory, UnaryOperator<String> environment, WarehouseProviders warehouses) {
    Path root = directory.toAbsolutePath().normalize();
    return new ConfigReader(environment, warehouses)
        .read(configFile(directory, root), Path.of(ProjectConfig.FILE_NAME));
  }

  private static Path configFile(Path directory, Path root) {
    Path configFile = root.resolve(ProjectConfig.FILE_NAME);
    if (!Files.isDirectory(root)) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT, "project directory " + directory + " does not exist");
    }
    if (!Files.isRegularFile(configFile)) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          "no "
              + ProjectConfig.FILE_NAME
              + " in "
              + directory
              + " (create a project with `tidemark init DIR`, or pass --project DIR)");
    }
    return configFile;
  }

  public Project load(Path directory) {
    Path root = directory.toAbsolutePath().normalize();
    if (!cached) {
      ProjectConfig config = loadConfig(directory, environment, warehouses);
      return load(root, config, modelFiles(root, ".sql"), modelFiles(root, ".yml", ".yaml"), null);
    }
    // The configuration is read on every load; its text and the environment variables it named
    // are part of what the whole-project snapshot is keyed by.
    Path configFile = configFile(directory, root);
    byte[] configText = readBytes(configFile);
    Map<String, String> consulted = new java.util.TreeMap<>();
    UnaryOperator<String> recording =
        name -> {
          String value = environment.apply(name);
          consulted.put(name, value == null ? "(unset)" : "=" + value);
          return value;
        };
    ProjectConfig config =
        new ConfigReader(recording, warehouses).read(configFile, Path.of(ProjectConfig.FILE_NAME));
    String configKey =
        configText != null && java.util.Arrays.equals(configText, readBytes(configFile))
            ? configKey(configText, consulted)
            : null;
    String build = build(config);
    long stampedAt = System.currentTimeMillis();
    List<Path> sqlFiles = modelFiles(root, ".sql");
    List<Path> yamlFiles = modelFiles(root, ".yml", ".yaml");
    List<ProjectSnapshot.Listed> listed = listed(root, sqlFiles, yamlFiles);
    FileAccess fileAccess = new FileAccess(root, config.readableDirectories(root));
    if (configKey != null && listed != null) {
      Optional<ProjectSnapshot.Hit> hit =
          ProjectSnapshot.read(root, build, configKey, listed, fileAccess);
      if (hit.isPresent()) {
        if (hit.get().restamp()) {
          // Some files' times moved but not their texts (a checkout, a touch): stamp them anew so
          // that the next load trusts their times again.
          List<ProjectSnapshot.FileStamp> stamps = new ArrayList<>();
          for (int i = 0; i < listed.size(); i++) {
            ProjectSnapshot.Listed now = listed.get(i);
            stamps.add(
                new ProjectSnapshot.FileStamp(
                    now.path(),
                    now.size(),
                    now.modifiedNanos(),
                    hit.get().inputs().files().get(i).digest()));
          }
          ProjectSnapshot.Inputs inputs = hit.get().inputs();
          ProjectSnapshot.write(
              root,
              new ProjectSnapshot.Inputs(
                  build, configKey, stampedAt, stamps, inputs.includes(), inputs.fileReads()),
              hit.get().payload());
        }
        return fromSnapshot(root, config, hit.get().contents());
      }
    }
    Snapshotting snapshotting = new Snapshotting();
    Project project = load(root, config, sqlFiles, yamlFiles, snapshotting);
    if (configKey != null && listed != null && snapshotting.complete) {
      List<ProjectSnapshot.FileStamp> stamps = new ArrayList<>();
      for (ProjectSnapshot.Listed file : listed) {
        String text = snapshotting.texts.get(file.file());
        if (text == null) {
          ProjectSnapshot.delete(root);
          return project;
        }
        stamps.add(
            new ProjectSnapshot.FileStamp(
                file.path(), file.size(), file.modifiedNanos(), ProjectSnapshot.digest(text)));
      }
      ProjectSnapshot.write(
          root,
          new ProjectSnapshot.Inputs(
              build, configKey, stampedAt, stamps, snapshotting.includes, snapshotting.fileReads),
          snapshotting.contents);
    } else {
      ProjectSnapshot.delete(root);
    }
    return project;
  }

  private Project load(
      Path root,
      ProjectConfig config,
      List<Path> sqlFiles,
      List<Path> yamlFiles,
      Snapshotting snapshotting) {
    // Opened on the first parse: a load that finds every parse in the cache starts no engine.
    try (LazyParser parser = new LazyParser(() -> parsers.apply(config.warehouse()))) {
      return load(root, config, parser, sqlFiles, yamlFiles, snapshotting);
    }
  }

  /** What a load gathers for the whole-project snapshot, when it keeps one. */
  private static final class Snapshotting {
    /** The text of each model and YAML file as the load read it. */
    final Map<Path, String> texts = new java.util.HashMap<>();

    final Map<String, String> includes = new java.util.TreeMap<>();
    final List<ProjectSnapshot.FileRead> fileReads = new ArrayList<>();
    ProjectSnapshot.Contents contents;

    /** False when something the load depended on cannot be named: no snapshot is kept. */
    boolean complete = true;
  }

  /** A project from its snapshot, with the configuration read now. */
  private static Project fromSnapshot(
      Path root, ProjectConfig config, ProjectSnapshot.Contents contents) {
    AssetGraph graph = new AssetGraph(contents.assets());
    Map<String, AssetName> modelsByTable = new java.util.HashMap<>();
    Map<AssetName, AssetKind> kinds = new java.util.HashMap<>();
    for (Asset asset : contents.assets()) {
      kinds.put(asset.name(), asset.kind());
      if (asset.kind() == AssetKind.MODEL) {
        modelsByTable.putIfAbsent(asset.name().table(), asset.name());
      }
    }
    return new Project(
        root,
        config,
        graph,
        () ->
            new ModelRenderer(
                snapshotResolver(modelsByTable, kinds),
                config.vars(),
                Optional.of(root),
                config.warehouse().type()),
        contents.codeVersions(),
        contents.checks(),
        contents.loads(),
        contents.batchSizes());
  }

  private static String configKey(byte[] configText, Map<String, String> consulted) {
    StringBuilder key = new StringBuilder(ProjectSnapshot.digest(configText));
    // The variables' values are digested, never kept: they may be secrets.
    consulted.forEach((name, value) -> key.append('\n').append(name).append(value));
    return ProjectSnapshot.digest(key.toString());
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
  }

  private static List<ProjectSnapshot.Listed> listed(
      Path root, List<Path> sqlFiles, List<Path> yamlFiles) {
    List<Path> all = new ArrayList<>(sqlFiles);
    all.addAll(yamlFiles);
    try {
      return ProjectSnapshot.list(root, all);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static List<Path> modelFiles(Path root, String... suffixes) {
    Path models = root.resolve("models");
    List<Path> found = new ArrayList<>();
    for (String suffix : suffixes) {
      found.addAll(files(models, suffix));
    }
    return found;
  }

  /** A parser opened when first asked to parse; safe for the loader's threads. */
  private static final class LazyParser implements SqlParser {
    private final java.util.function.Supplier<SqlParser> opener;
    private volatile SqlParser parser;

    LazyParser(java.util.function.Supplier<SqlParser> opener) {
      this.opener = opener;
    }

    @Override
    public ParsedQuery parse(String selectSql) {
      SqlParser opened = parser;
      if (opened == null) {
        synchronized (this) {
          if (parser == null) {
            parser = opener.get();
          }
          opened = parser;
        }
      }
      return opened.parse(selectSql);
    }

    @Override
    public synchronized void close() {
      if (parser != null) {
        parser.close();
      }
    }
  }

  private Project load(
      Path root,
      ProjectConfig config,
      SqlParser sqlParser,
      List<Path> sqlFiles,
      List<Path> yamlFiles,
      Snapshotting snapshotting) {
    Problems problems = new Problems();
    Map<AssetName, AssetDraft> drafts = new LinkedHashMap<>();
    Path models = root.resolve("models");

    Map<String, AssetDraft> modelsByTable = new LinkedHashMap<>();
    for (Path file : sqlFiles) {
      AssetDraft draft = readModelFile(root, models, file, config, drafts, modelsByTable, problems);
      if (draft != null && snapshotting != null) {
        snapshotting.texts.put(file, draft.sql);
      }
    }
    PropertiesReader properties = new PropertiesReader(config, drafts, modelsByTable, problems);
    for (Path file : yamlFiles) {
      Path relative = root.relativize(file);
      String text;
      try {
        text = ProjectFiles.readText(file, relative);
      } catch (TidemarkException e) {
        problems.add(e.getMessage());
        continue;
      }
      if (snapshotting != null) {
        snapshotting.texts.put(file, text);
      }
      properties.read(text, relative);
    }
    problems.throwIfAny();

    ReferenceResolver resolver = resolver(drafts, modelsByTable);
    ModelRenderer renderer =
        new ModelRenderer(resolver, config.vars(), Optional.of(root), config.warehouse().type());
    List<Asset> assets = new ArrayList<>();
    Map<AssetName, String> codeVersions = new LinkedHashMap<>();
    // Rendering and parsing each model is independent of the others: done in parallel, then
    // gathered in file order so that problems read the same on every load.
    FileAccess fileAccess = new FileAccess(root, config.readableDirectories(root));
    Optional<ProjectCache> cache =
        cached ? Optional.of(ProjectCache.open(root, build(config))) : Optional.empty();
    ModelBuilder builder = new ModelBuilder(sqlParser::parse, drafts, renderer, fileAccess, cache);
    List<ModelBuilder.Built> built =
        new ArrayList<>(drafts.values()).parallelStream().map(builder::build).toList();
    cache.ifPresent(
        c -> c.save(drafts.keySet().stream().map(AssetName::toString).collect(toSet())));
    for (ModelBuilder.Built result : built) {
      result.problems().forEach(problems::add);
      if (result.asset() != null) {
        assets.add(result.asset());
        codeVersions.put(result.asset().name(), result.codeVersion());
        if (snapshotting != null) {
          gather(snapshotting, result);
        }
      }
    }
    Map<AssetName, List<Check>> checks = checks(drafts, problems);
    problems.throwIfAny();
    Map<AssetName, LoadSpec> loads = new LinkedHashMap<>();
    for (AssetDraft draft : drafts.values()) {
      if (draft.load != null) {
        loads.put(draft.name, draft.load);
        // A changed load block makes the loaded partitions due again, as changed SQL does.
        codeVersions.put(
            draft.name,
            LoadBlockReader.digest(codeVersions.get(draft.name) + "/load/" + draft.load.version()));
      }
    }
    Map<AssetName, Integer> batchSizes = new LinkedHashMap<>();
    for (Asset asset : assets) {
      ProjectCache.Model kept = cache.map(c -> c.kept(asset.name().toString())).orElse(null);
      int size =
          BatchSizes.of(
              asset,
              drafts.get(asset.name()).batchSize,
              kept == null ? null : kept.boundsOnlyFilter());
      if (size > 1 && !loads.containsKey(asset.name())) {
        batchSizes.put(asset.name(), size);
      }
    }
    AssetGraph graph = new AssetGraph(assets);
    if (snapshotting != null) {
      snapshotting.contents =
          new ProjectSnapshot.Contents(assets, codeVersions, checks, loads, batchSizes);
    }
    return new Project(root, config, graph, renderer, codeVersions, checks, loads, batchSizes);
  }

  /** Adds what one model's build read to what the snapshot is keyed by. */
  private static void gather(Snapshotting snapshotting, ModelBuilder.Built result) {
    snapshotting.fileReads.addAll(result.fileReads());
    if (!result.asset().isModel()) {
      return;
    }
    TemplateReads reads = result.reads();
    if (reads == null || !reads.repeatable()) {
      // A render that may differ with the same inputs cannot be kept.
      snapshotting.complete = false;
      return;
    }
    for (Map.Entry<String, String> include : reads.includes().entrySet()) {
      String other = snapshotting.includes.putIfAbsent(include.getKey(), include.getValue());
      if (other != null && !other.equals(include.getValue())) {
        // The file changed while the project loaded.
        snapshotting.complete = false;
      }
    }
  }

  /**
   * What a cached render or parse was computed by: this Tidemark build (its template library and
   * its loader) and the engine whose grammar parsed the SQL and whose type templates see.
   */
  private String build(ProjectConfig config) {
    String type = config.warehouse().type();
    return "tidemark "
        + Optional.ofNullable(ProjectLoader.class.getPackage().getImplementationVersion())
            .orElse("development")
        + "; "
        + BuildStamp.of(ProjectLoader.class)
        + "; "
        + BuildStamp.of(com.hubspot.jinjava.Jinjava.class)
        + "; engine "
        + type
        + " "
        + BuildStamp.of(warehouses.provider(type).getClass());
  }

  /**
   * Every asset's checks: those declared, and the volume check every partitioned asset gets unless
   * it turns it off. Assets a check refers to must exist.
   */
  private static Map<AssetName, List<Check>> checks(
      Map<AssetName, AssetDraft> drafts, Problems problems) {
    Map<AssetName, List<Check>> checks = new LinkedHashMap<>();
    for (AssetDraft draft : drafts.values()) {
      List<Check> own = new ArrayList<>(draft.checks);
      boolean declaresVolume = own.stream().anyMatch(c -> c instanceof Check.VolumeAnomaly);
      if (draft.partitioning.isPartitioned() && !draft.volumeOff && !declaresVolume) {
        own.add(
            CheckReader.defaultVolume(
                draft.propertiesLocation != null ? draft.propertiesLocation : draft.location));
      }
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (Check check : own) {
        if (!ids.add(check.id())) {
          problems.add(
              check.location()
                  + ": another check of "
                  + draft.name
                  + " is already called '"
                  + check.id()
                  + "'; give one of them a name");
        }
        AssetName other =
            check instanceof Check.Relationships r
                ? r.to()
                : check instanceof Check.Reconciliation rec ? rec.with() : null;
        if (other != null && !drafts.containsKey(other)) {
          problems.add(check.location() + ": " + check.id() + " refers to unknown asset " + other);
        }
      }
      if (!own.isEmpty()) {
        checks.put(draft.name, List.copyOf(own));
      }
    }
    return checks;
  }

  private static List<Path> files(Path directory, String suffix) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(suffix))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AssetDraft readModelFile(
      Path root,
      Path models,
      Path file,
      ProjectConfig config,
      Map<AssetName, AssetDraft> drafts,
      Map<String, AssetDraft> modelsByTable,
      Problems problems) {
    Path relative = root.relativize(file);
    String fileName = file.getFileName().toString();
    String table = fileName.substring(0, fileName.length() - ".sql".length());
    Path inModels = models.relativize(file);
    String schema =
        inModels.getNameCount() > 1 ? inModels.getName(0).toString() : config.defaultSchema();
    if (!AssetName.isIdentifier(table) || !AssetName.isIdentifier(schema)) {
      problems.add(
          relative
              + ": model and folder names must be identifiers (letters, digits, _), got "
              + schema
              + "."
              + table);
      return null;
    }
    AssetDraft existing = modelsByTable.get(table);
    if (existing != null) {
      problems.add(
          relative + ": a model named '" + table + "' already exists in " + existing.location);
      return null;
    }
    AssetDraft draft = new AssetDraft();
    draft.name = AssetName.of(schema, table);
    draft.kind = AssetKind.MODEL;
    draft.start = config.start();
    draft.location = new SourceLocation(relative, 1);
    try {
      draft.sql = ProjectFiles.readText(file, relative);
    } catch (TidemarkException e) {
      problems.add(e.getMessage());
      return null;
    }
    if (draft.sql.isBlank()) {
      problems.add(relative + ": the model is empty; write one SELECT statement");
      return null;
    }
    drafts.put(draft.name, draft);
    modelsByTable.put(table, draft);
    return draft;
  }

  private static ReferenceResolver snapshotResolver(
      Map<String, AssetName> modelsByTable, Map<AssetName, AssetKind> kinds) {
    return new ReferenceResolver() {
      @Override
      public Optional<AssetName> model(String name) {
        return Optional.ofNullable(modelsByTable.get(name));
      }

      @Override
      public Optional<AssetName> source(String schema, String table) {
        if (!AssetName.isIdentifier(schema) || !AssetName.isIdentifier(table)) {
          return Optional.empty();
        }
        AssetName name = AssetName.of(schema, table);
        return kinds.get(name) == AssetKind.SOURCE ? Optional.of(name) : Optional.empty();
      }
    };
  }

  private static ReferenceResolver resolver(
      Map<AssetName, AssetDraft> drafts, Map<String, AssetDraft> modelsByTable) {
    return new ReferenceResolver() {
      @Override
      public Optional<AssetName> model(String name) {
        AssetDraft draft = modelsByTable.get(name);
        return draft == null ? Optional.empty() : Optional.of(draft.name);
      }

      @Override
      public Optional<AssetName> source(String schema, String table) {
        if (!AssetName.isIdentifier(schema) || !AssetName.isIdentifier(table)) {
          return Optional.empty();
        }
        AssetDraft draft = drafts.get(AssetName.of(schema, table));
        return draft != null && draft.kind == AssetKind.SOURCE
            ? Optional.of(draft.name)
            : Optional.empty();
      }
    };
  }

  /** Collected problems, reported together like a compiler does. */
  static final class Problems {
    private final List<String> messages = new ArrayList<>();

    void add(String message) {
      messages.add(message);
    }

    List<String> messages() {
      return messages;
    }

    int count() {
      return messages.size();
    }

    void throwIfAny() {
      if (messages.isEmpty()) {
        return;
      }
      List<String> shown = messages.subList(0, Math.min(messages.size(), MAX_REPORTED_PROBLEMS));
      String text = String.join("\n", shown);
      if (messages.size() > shown.size()) {
        text += "\n… and " + (messages.size() - shown.size()) + " more problems";
      }
      throw new TidemarkException(ErrorCode.INVALID_PROJECT, text);
    }
  }

  static ColumnDoc column(YamlNode node) {
    node.requireKnownKeys("column", "name", "description", "tests", "checks");
    return new ColumnDoc(
        node.get("name").orElseThrow(() -> node.error("a column needs a name")).text(),
        node.text("description", ""));
  }

  static Partitioning partitioning(YamlNode node) {
    node.requireKnownKeys("partitioning", "grain", "column");
    YamlNode grainNode =
        node.get("grain")
            .orElseThrow(() -> node.error("partitioning needs a grain (hour|day|month)"));
    Grain grain;
    try {
      grain = Grain.parse(grainNode.text());
    } catch (IllegalArgumentException e) {
      throw grainNode.error(
          "unknown grain '" + grainNode.text() + "' (expected hour, day or month)");
    }
    if (grain == Grain.ALL) {
      throw grainNode.error(
          "unknown grain 'all' (leave out partitioning for unpartitioned assets)");
    }
    YamlNode column =
        node.get("column").orElseThrow(() -> node.error("partitioning needs a column"));
    return new Partitioning(grain, column.text());
  }

  static Materialization materialization(YamlNode node) {
    try {
      return Materialization.parse(node.text());
    } catch (IllegalArgumentException e) {
      throw node.error(
          "unknown materialization '" + node.text() + "' (expected table, view or incremental)");
    }
  }
}
