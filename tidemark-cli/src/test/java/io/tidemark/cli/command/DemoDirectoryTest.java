package io.tidemark.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.TidemarkException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo replaces only a directory of its own making, and only the files it made. */
class DemoDirectoryTest {
  @TempDir Path directory;

  private void madeByDemo(String... files) throws Exception {
    for (String file : files) {
      Files.createDirectories(directory.resolve(file).getParent());
      Files.writeString(directory.resolve(file), "x");
    }
    Files.write(directory.resolve(DemoCommand.MARKER), List.of(files));
  }

  @Test
  void aPreviousDemoIsReplacedWithItsWarehouseAndState() throws Exception {
    madeByDemo("tidemark.yml", "models/marts/kpi.sql");
    Files.writeString(directory.resolve("warehouse.duckdb"), "db");
    Files.createDirectories(directory.resolve(".tidemark"));
    Files.writeString(directory.resolve(".tidemark/state.db"), "db");

    DemoCommand.prepare(directory);

    assertThat(directory).doesNotExist();
  }

  @Test
  void aFileTheDemoDidNotMakeStopsItAndNothingIsDeleted() throws Exception {
    madeByDemo("tidemark.yml", "models/marts/kpi.sql");
    Files.writeString(directory.resolve("models/marts/my_work.sql"), "select 1");

    assertThatThrownBy(() -> DemoCommand.prepare(directory))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("holds files the demo did not create (models/marts/my_work.sql)");
    assertThat(directory.resolve("models/marts/my_work.sql")).exists();
    assertThat(directory.resolve("tidemark.yml")).exists();
  }

  @Test
  void aDirectoryThatWasNeverADemoMustBeEmpty() throws Exception {
    Files.writeString(directory.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> DemoCommand.prepare(directory))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("is not empty");
    assertThat(directory.resolve("notes.txt")).exists();
  }
}
