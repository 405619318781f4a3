package io.tidemark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one Spark warehouse directory of this test JVM. A process runs one Spark warehouse, so every
 * CLI test class on Spark points its project's {@code warehouse_dir} here and drops the schemas it
 * uses before and after it; the directory goes when the JVM exits.
 */
public final class SparkTestWarehouse {
  private static Path directory;

  private SparkTestWarehouse() {}

  /** The shared warehouse directory, absolute. */
  public static synchronized Path directory() {
    if (directory == null) {
      try {
        directory = Files.createTempDirectory("tidemark-spark-tests").toAbsolutePath();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path made = directory;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(made)));
    }
    return directory;
  }

  /** The {@code warehouse:} section of a project on this warehouse. */
  public static String warehouseSection() {
    return "warehouse:\n  type: spark\n  master: local[2]\n  warehouse_dir: " + directory() + "\n";
  }

  private static void delete(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Best effort at exit: the directory is under the system's temporary directory.
    }
  }
}
