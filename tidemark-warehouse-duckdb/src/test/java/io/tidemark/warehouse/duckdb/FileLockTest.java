package io.tidemark.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLockTest {
  @TempDir Path directory;

  @Test
  void secondProcessGetsAClearConflictError() throws Exception {
    Path file = directory.resolve("warehouse.duckdb");
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(file);
        DuckDbSession session = warehouse.openSession()) {
      session.execute("CREATE TABLE t AS SELECT 1 AS x");

      String output = openInAnotherProcess(file);

      assertThat(output)
          .startsWith(
              "CONFLICT: the warehouse file "
                  + file.toAbsolutePath()
                  + " is in use by another process (PID "
                  + ProcessHandle.current().pid()
                  + ")");
    }

    assertThat(openInAnotherProcess(file)).isEqualTo("opened " + file.toAbsolutePath());
  }

  private static String openInAnotherProcess(Path file) throws IOException, InterruptedException {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OpenWarehouseInChildProcess.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return output.strip();
  }
}
