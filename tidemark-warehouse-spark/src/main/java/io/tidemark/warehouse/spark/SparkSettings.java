package io.tidemark.warehouse.spark;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * How this process runs Spark.
 *
 * @param master {@code local}, {@code local[N]} or {@code local[*]}
 * @param directory the warehouse directory, absolute: tables under it, the metastore beside them
 */
record SparkSettings(String master, Path directory) {
  SparkSettings {
    requireNonNull(master, "master is null");
    requireNonNull(directory, "directory is null");
    if (!directory.isAbsolute()) {
      throw new IllegalArgumentException("directory must be absolute, got " + directory);
    }
  }

  /** The embedded metastore's Derby database, inside the warehouse directory. */
  static Path metastore(Path directory) {
    return directory.resolve("metastore_db");
  }
}
