package io.tidemark.core.project;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.template.TemplateReads;
import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.TableFunctionCall;
import io.tidemark.core.warehouse.TableReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What loading a project computed that is worth keeping between processes: each model's rendered
 * template (checked by what it read, {@link TemplateReads}) and what the warehouse's parser said of
 * the result. Everything else a load does (reading YAML, resolving dependencies, checking tables,
 * code versions, the graph) is cheap and done again on every load, so a cached entry can only
 * replace the two steps whose inputs it names exactly.
 *
 * <p>The cache lives in {@code .tidemark/project-cache/} of the project. Deleting it is always
 * safe. A file this build cannot read (corrupt, from another Tidemark build or another engine) is
 * ignored and replaced. It is written to a temporary file and moved into place, so a concurrent
 * reader sees the old cache or the new one, never half of one.
 */
final class ProjectCache {
  static final Path DIRECTORY = Path.of(".tidemark", "project-cache");
  static final String FILE_NAME = "models.json";

  /** Bumped whenever the file's meaning changes, so an old file is never misread. */
  private static final int FORMAT = 2;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private final Path file;
  private final String build;
  private final Map<String, Model> previous;
  private final Map<String, Model> current = new ConcurrentHashMap<>();

  private ProjectCache(Path file, String build, Map<String, Model> previous) {
    this.file = file;
    this.build = build;
    this.previous = previous;
  }

  /**
   * The cache of the project at {@code root}, as this build left it; empty when there is none or it
   * cannot be used.
   *
   * @param build what the cached results were computed by: the Tidemark build and the engine
   */
  static ProjectCache open(Path root, String build) {
    requireNonNull(build, "build is null");
    Path file = root.resolve(DIRECTORY).resolve(FILE_NAME);
    Map<String, Model> previous = new HashMap<>();
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        CacheFile read = JSON.readValue(in, CacheFile.class);
        if (read.format() == FORMAT && build.equals(read.build()) && read.models() != null) {
          for (Model model : read.models()) {
            previous.put(model.model(), model);
          }
        }
      } catch (IOException | RuntimeException e) {
        // A corrupt or foreign cache is a missed cache: the load computes everything again.
        previous.clear();
      }
    }
    return new ProjectCache(file, build, previous);
  }

  /** What an earlier load kept of this model, if anything. */
  Model previous(String model) {
    return previous.get(model);
  }

  /** The entry this load kept for the model, if any. */
  Model kept(String model) {
    return current.get(model);
  }

  /** Keeps a model's entry for the next load. Called from the loader's threads. */
  void keep(Model model) {
    current.put(model.model(), model);
  }

  /**
   * Writes the entries of this load's models, when they differ from what was read. Entries of
   * models no longer in the project are dropped. A cache that cannot be written (a read-only
   * project) costs the next load time, nothing else.
   */
  void save(Set<String> models) {
    Map<String, Model> kept = new HashMap<>();
    for (String model : models) {
      Model entry = current.get(model);
      if (entry != null) {
        kept.put(model, entry);
      }
    }
    if (kept.equals(previous)) {
      return;
    }
    List<Model> sorted = new ArrayList<>(kept.values());
    sorted.sort(java.util.Comparator.comparing(Model::model));
    try {
      Files.createDirectories(file.getParent());
      Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
      try {
        try (OutputStream out = Files.newOutputStream(temporary)) {
          JSON.writeValue(out, new CacheFile(FORMAT, build, sorted));
        }
        move(temporary, file);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException | RuntimeException e) {
      // Not written: the next load misses and tries again.
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The file: its format and build first, so that a foreign file is recognised as such. */
  record CacheFile(int format, String build, List<Model> models) {}

  /**
   * One model's cached render and parse.
   *
   * @param model the model's name, {@code schema.table}
   * @param inputs the digest of what rendering takes besides {@code reads}: the template text, the
   *     model's name and file, the partition rendered and the engine
   * @param reads what the render read
   * @param renderedDigest the SHA-256 of the rendered SQL, which is all the parse depends on
   * @param references each asset the template named, in order of first mention, with its line
   * @param readsItself whether the template used {{ this }}
   * @param parse what the warehouse's parser said of the rendered SQL
   * @param boundsOnlyFilter whether the template uses the partition bounds only to filter what it
   *     reads (see {@link BatchSizes}), a question of its text alone
   */
  record Model(
      String model,
      String inputs,
      TemplateReads reads,
      String renderedDigest,
      List<Reference> references,
      boolean readsItself,
      Parse parse,
      boolean boundsOnlyFilter) {
    Model {
      requireNonNull(model, "model is null");
      requireNonNull(inputs, "inputs is null");
      requireNonNull(reads, "reads is null");
      requireNonNull(renderedDigest, "renderedDigest is null");
      references = List.copyOf(requireNonNull(references, "references is null"));
      requireNonNull(parse, "parse is null");
    }
  }

  /** An asset a template named, and the line where it first did. */
  record Reference(String asset, int line) {}

  /** A {@link ParsedQuery} as the file keeps it. */
  record Parse(
      List<TableReference> tables,
      List<TableFunctionCall> tableFunctions,
      String error,
      int errorOffset) {
    Parse {
      tables = List.copyOf(requireNonNull(tables, "tables is null"));
      tableFunctions = List.copyOf(requireNonNull(tableFunctions, "tableFunctions is null"));
      requireNonNull(error, "error is null");
    }

    static Parse of(ParsedQuery query) {
      // Sorted: a set's order differs between processes, and the file should not.
      List<TableReference> tables = new ArrayList<>(query.tables());
      tables.sort(java.util.Comparator.comparing(TableReference::toString));
      return new Parse(tables, query.tableFunctions(), query.error(), query.errorOffset());
    }

    ParsedQuery query() {
      return new ParsedQuery(
          new java.util.LinkedHashSet<>(tables), tableFunctions, error, errorOffset);
    }
  }
}
