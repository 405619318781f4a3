package io.tidemark.core.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.loader.ResourceLocator;
import com.hubspot.jinjava.loader.ResourceNotFoundException;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.files.ProjectFiles;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code {% include %}} and {@code {% import %}} find templates: files inside the project
 * only. Jinjava's default looks on the classpath, which would let a model render any resource of
 * the Tidemark distribution into a table.
 */
final class ProjectResourceLocator implements ResourceLocator {
  private final Optional<Path> root;

  /** {@code root} empty: no includes at all (templates rendered outside a project). */
  ProjectResourceLocator(Optional<Path> root) {
    this.root = root.map(r -> r.toAbsolutePath().normalize());
  }

  @Override
  public String getString(String name, Charset encoding, JinjavaInterpreter interpreter)
      throws IOException {
    try {
      String text = text(name);
      ModelRenderer.included(interpreter, name, Optional.of(text));
      return text;
    } catch (ResourceNotFoundException e) {
      ModelRenderer.included(interpreter, name, Optional.empty());
      throw e;
    }
  }

  /** The text an include of {@code name} reads now, or empty when it would fail. */
  Optional<String> read(String name) {
    try {
      return Optional.of(text(name));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private String text(String name) throws ResourceNotFoundException {
    if (root.isEmpty()) {
      throw new ResourceNotFoundException("includes need a project: '" + name + "'");
    }
    Path file;
    try {
      file = root.get().resolve(name).normalize();
    } catch (InvalidPathException e) {
      throw new ResourceNotFoundException("not a file name: '" + name + "'");
    }
    if (!file.startsWith(root.get())) {
      throw new ResourceNotFoundException(
          "'" + name + "' is outside the project; includes come from the project's own files");
    }
    if (!Files.isRegularFile(file)) {
      throw new ResourceNotFoundException(
          "'" + name + "' not found (paths are relative to the project directory)");
    }
    try {
      return ProjectFiles.readText(file, root.get().relativize(file));
    } catch (TidemarkException e) {
      throw new ResourceNotFoundException(e.getMessage());
    }
  }
}
