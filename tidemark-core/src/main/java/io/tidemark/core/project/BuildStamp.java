package io.tidemark.core.project;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Names the build a class came from: the jar (or class file) that holds it, with its size and
 * modification time. A snapshot version stays the same across rebuilds; the file does not.
 */
final class BuildStamp {
  private BuildStamp() {}

  static String of(Class<?> type) {
    URL resource = type.getResource(type.getSimpleName() + ".class");
    if (resource == null) {
      return type.getName() + "@unknown";
    }
    String text = resource.toString();
    try {
      Path file;
      if (text.startsWith("jar:file:")) {
        file = Path.of(java.net.URI.create(text.substring(4, text.indexOf("!/"))));
      } else if (text.startsWith("file:")) {
        file = Path.of(resource.toURI());
      } else {
        return text;
      }
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return file + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis();
    } catch (IOException | URISyntaxException | RuntimeException e) {
      // Unknown builds never match each other's caches: the stamp changes with every process.
      return text + "@" + System.nanoTime();
    }
  }
}
