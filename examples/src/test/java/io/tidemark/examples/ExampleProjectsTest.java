package io.tidemark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleProjectsTest {
  @TempDir Path directory;

  @Test
  void manifestListsEveryProjectFile() throws IOException {
    for (String name : ExampleProjects.names()) {
      Path project = Path.of(name);
      List<String> onDisk;
      try (Stream<Path> files = Files.walk(project)) {
        onDisk =
            files
                .filter(Files::isRegularFile)
                .map(file -> project.relativize(file).toString().replace('\\', '/'))
                .filter(file -> !file.equals(ExampleProjects.MANIFEST))
                // What running the example in place leaves behind; the jar excludes it too.
                .filter(
                    file -> !file.startsWith("warehouse.duckdb") && !file.startsWith(".tidemark/"))
                .sorted()
                .toList();
      }
      assertThat(Files.readAllLines(project.resolve(ExampleProjects.MANIFEST)))
          .as("%s/.manifest (regenerate it from the directory listing)", name)
          .isEqualTo(onDisk);
      assertThat(ExampleProjects.files(name)).isEqualTo(onDisk);
    }
  }

  @Test
  void copyWritesEveryFile() throws IOException {
    Path target = directory.resolve("my-project");

    ExampleProjects.copy("subscriptions", target);

    for (String file : ExampleProjects.files("subscriptions")) {
      assertThat(target.resolve(file))
          .as(file)
          .hasSameBinaryContentAs(Path.of("subscriptions").resolve(file));
    }
    assertThat(target.resolve(ExampleProjects.MANIFEST)).doesNotExist();
  }

  @Test
  void copyAcceptsAnEmptyDirectory() throws IOException {
    ExampleProjects.copy("subscriptions", directory);

    assertThat(directory.resolve("tidemark.yml")).exists();
  }

  @Test
  void copyRefusesNonEmptyDirectory() throws IOException {
    Files.writeString(directory.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> ExampleProjects.copy("subscriptions", directory))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining(directory.toString())
        .hasMessageContaining("not empty");
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(directory.resolve("notes.txt"));
    }
  }

  @Test
  void copyRefusesAnUnknownExample() {
    assertThatThrownBy(() -> ExampleProjects.copy("nope", directory.resolve("x")))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("unknown example project 'nope'")
        .hasMessageContaining("subscriptions");
  }
}
