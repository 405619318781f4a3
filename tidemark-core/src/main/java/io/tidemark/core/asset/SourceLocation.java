package io.tidemark.core.asset;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** A place in a project file, for error messages: {@code models/x.sql:12}. */
public record SourceLocation(Path file, int line) {
  public SourceLocation {
    requireNonNull(file, "file is null");
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file.toString();
  }
}
