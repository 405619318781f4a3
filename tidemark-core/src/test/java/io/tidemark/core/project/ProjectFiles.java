package io.tidemark.core.project;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Writes a project into a directory, file by file, so that a test shows exactly the files it loads:
 *
 * <pre>{@code
 * ProjectFiles.in(dir)
 *     .config(ProjectFiles.MINIMAL_CONFIG)
 *     .model("staging/orders", "select * from {{ source('raw', 'orders') }}")
 *     .yaml("sources.yml", "sources: ...")
 *     .load();
 * }</pre>
 */
public final class ProjectFiles {
  /** A {@code tidemark.yml} with only the required keys. */
  public static final String MINIMAL_CONFIG = "name: test\nstart: 2024-01-01\n";

  /** A models YAML file declaring {@code raw.events}, partitioned by day. */
  public static final String DAILY_SOURCE =
      """
      sources:
        - schema: raw
          tables:
            - name: events
              partitioning: {grain: day, column: event_time}
      """;

  private final Path root;

  private ProjectFiles(Path root) {
    this.root = requireNonNull(root, "root is null");
  }

  public static ProjectFiles in(Path root) {
    return new ProjectFiles(root);
  }

  /** A project in {@code root} with {@link #MINIMAL_CONFIG}. */
  public static ProjectFiles minimal(Path root) {
    return in(root).config(MINIMAL_CONFIG);
  }

  /** The failure is an invalid project whose message holds every fragment. */
  public static void assertInvalid(TidemarkException failure, String... fragments) {
    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_PROJECT);
    assertThat(failure.getMessage()).contains(fragments);
  }

  public Path root() {
    return root;
  }

  public ProjectFiles config(String yaml) {
    return file(ProjectConfig.FILE_NAME, yaml);
  }

  /** Writes {@code models/PATH.sql}; the first folder of {@code path} is the model's schema. */
  public ProjectFiles model(String path, String sql) {
    return file("models/" + path + ".sql", sql);
  }

  /** Writes {@code models/PATH}, a YAML file of sources and model properties. */
  public ProjectFiles yaml(String path, String text) {
    return file("models/" + path, text);
  }

  public ProjectFiles file(String relativePath, String text) {
    Path file = root.resolve(relativePath);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Loads the project with the fake SQL parser and an empty environment. */
  public Project load() {
    return load(name -> null);
  }

  public Project load(UnaryOperator<String> environment) {
    return new ProjectLoader(FakeWarehouseProvider.both(), environment).load(root);
  }

  /** Loads the project, expecting it to fail; returns the failure. */
  public TidemarkException loadFailure() {
    try {
      Project project = load();
      throw new AssertionError(
          "expected the project to be invalid, but it loaded " + project.assets().keySet());
    } catch (TidemarkException e) {
      return e;
    }
  }
}
