package io.tidemark.examples;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The example projects shipped in this jar, copied out by {@code tidemark init --example}. Each
 * lives on the classpath under {@code examples/<name>/} with a {@code .manifest} listing its files,
 * because a jar's directories cannot be listed reliably.
 */
public final class ExampleProjects {
  private static final List<String> NAMES = List.of("subscriptions");
  static final String MANIFEST = ".manifest";

  private ExampleProjects() {}

  public static List<String> names() {
    return NAMES;
  }

  /**
   * Copies the example project {@code name} into {@code target}, which must be missing or an empty
   * directory.
   */
  public static void copy(String name, Path target) {
    if (!NAMES.contains(name)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "unknown example project '" + name + "'; the examples are " + String.join(", ", NAMES));
    }
    refuseNonEmpty(target);
    try {
      for (String file : files(name)) {
        Path destination = target.resolve(file).normalize();
        if (!destination.startsWith(target.normalize())) {
          throw new TidemarkException(
              ErrorCode.INTERNAL, "example '" + name + "' lists a file outside it: " + file);
        }
        Files.createDirectories(destination.getParent());
        try (InputStream content = open(name, file)) {
          Files.copy(content, destination);
        }
      }
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "cannot write the example project to " + target + ": " + e.getMessage(),
          e);
    }
  }

  /** The files of an example project, relative to its root, as its manifest lists them. */
  static List<String> files(String name) throws IOException {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(open(name, MANIFEST), StandardCharsets.UTF_8))) {
      return reader.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
  }

  private static void refuseNonEmpty(Path target) {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, target + " exists and is not a directory");
    }
    try (Stream<Path> entries = Files.list(target)) {
      if (entries.findAny().isPresent()) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            target + " is not empty; choose a new or empty directory for the example project");
      }
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "cannot read " + target + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(String name, String file) throws IOException {
    String resource = "examples/" + name + "/" + file;
    InputStream stream = ExampleProjects.class.getClassLoader().getResourceAsStream(resource);
    if (stream == null) {
      throw new IOException(resource + " is missing from the classpath");
    }
    return stream;
  }

  /**
   * Copies example {@code name} as {@link #copy} does, for a machine with no wiki. The
   * subscriptions example reads its outage reports from the company wiki with a Confluence load.
   * This copy has no wiki to read: its {@code wiki.outage_reports} is generated like the other raw
   * tables, and the copy's sources.yml leaves the load out, so that runs need nothing but the
   * machine they run on.
   */
  public static void copyWithoutWiki(String name, Path target) {
    copy(name, target);
    Path sources = target.resolve("models").resolve("sources.yml");
    try {
      String text = Files.readString(sources, StandardCharsets.UTF_8);
      int load = text.indexOf("\n        load:\n          from: confluence\n");
      if (load < 0) {
        return;
      }
      int end = text.indexOf("\n  - schema:", load);
      String rest = end < 0 ? "\n" : text.substring(end);
      Files.writeString(sources, text.substring(0, load) + rest, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
