package io.tidemark.core.project;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.warehouse.TableFunctionCall;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a model may read besides declared sources and models. By default nothing: a model that calls
 * a file-reading table function ({@code read_csv}, {@code read_text}, {@code glob} …) would read
 * the machine's files into the warehouse, outside lineage. A project can allow reads under named
 * directories ({@code file_access:} in {@code tidemark.yml}); the files such a read matches are
 * part of the model's code version, so a changed file makes the model's partitions stale.
 */
public final class FileAccess {
  /** Table functions that compute rows without reading outside state. */
  private static final Set<String> SAFE =
      Set.of(
          "range",
          "generate_series",
          "unnest",
          "json_each",
          "json_tree",
          "repeat",
          "repeat_row",
          "generate_subscripts");

  /** Table functions whose text arguments are paths or globs of files they read. */
  private static final Set<String> FILE_READERS =
      Set.of(
          "read_csv",
          "read_csv_auto",
          "sniff_csv",
          "read_parquet",
          "parquet_scan",
          "parquet_metadata",
          "parquet_schema",
          "parquet_file_metadata",
          "parquet_kv_metadata",
          "read_json",
          "read_json_auto",
          "read_json_objects",
          "read_json_objects_auto",
          "read_ndjson",
          "read_ndjson_auto",
          "read_ndjson_objects",
          "read_text",
          "read_blob",
          "glob");

  private final Path root;
  private final List<Path> allowed;

  /**
   * @param root the project directory; relative paths in models resolve against it
   * @param allowed absolute, normalised directories models may read under
   */
  public FileAccess(Path root, List<Path> allowed) {
    this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    this.allowed = List.copyOf(requireNonNull(allowed, "allowed is null"));
  }

  public static FileAccess none(Path root) {
    return new FileAccess(root, List.of());
  }

  public List<Path> allowed() {
    return allowed;
  }

  /** Why a model may not make this call, or empty when it may. */
  public Optional<String> problem(TableFunctionCall call) {
    String name = call.name();
    if (SAFE.contains(name)) {
      return Optional.empty();
    }
    if (!FILE_READERS.contains(name)) {
      return Optional.of(
          "table function "
              + name
              + "() is not allowed in models: a model reads declared sources and models"
              + " (through source() and ref()) and computes from them");
    }
    if (allowed.isEmpty()) {
      return Optional.of(
          name
              + "() reads files, which models may not do by default; declare the data as a source,"
              + " or allow a directory under file_access: in tidemark.yml");
    }
    if (call.textArguments().isEmpty()) {
      return Optional.of(
          name + "() must name its files as literal text, so Tidemark can check where they are");
    }
    for (String path : call.textArguments()) {
      Optional<Path> resolved = resolve(path);
      if (resolved.isEmpty() || allowed.stream().noneMatch(resolved.get()::startsWith)) {
        return Optional.of(
            name
                + "() reads '"
                + path
                + "', outside the directories file_access: allows ("
                + String.join(", ", allowed.stream().map(Path::toString).toList())
                + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * The files an allowed read matches now, sorted, each with its size and modification time: what
   * the model's code version includes.
   */
  public List<String> stamps(TableFunctionCall call) {
    if (!FILE_READERS.contains(call.name())) {
      return List.of();
    }
    Set<String> stamps = new TreeSet<>();
    for (String pattern : call.textArguments()) {
      Optional<Path> resolved = resolve(pattern);
      if (resolved.isEmpty()) {
        continue;
      }
      for (Path file : matches(resolved.get())) {
        try {
          BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
          stamps.add(
              file + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis());
        } catch (IOException e) {
          stamps.add(file + "|unreadable");
        }
      }
    }
    return List.copyOf(stamps);
  }

  /** The path as DuckDB will read it, relative paths against the project; empty for URLs. */
  private Optional<Path> resolve(String path) {
    if (path.contains("://")) {
      return Optional.empty();
    }
    try {
      return Optional.of(root.resolve(path).normalize());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  private static List<Path> matches(Path pattern) {
    String text = pattern.toString();
    int wildcard = indexOfWildcard(text);
    if (wildcard < 0) {
      return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
    }
    Path base = Path.of(text.substring(0, text.lastIndexOf('/', wildcard) + 1));
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + text);
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(base)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(base)) {
      walk.filter(Files::isRegularFile).filter(matcher::matches).forEach(files::add);
    } catch (IOException e) {
      return files;
    }
    return files;
  }

  private static int indexOfWildcard(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '{') {
        return i;
      }
    }
    return -1;
  }
}
