package io.tidemark.warehouse.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The one Spark of the test JVM, over a warehouse directory under {@code target}: Spark starts once
 * for all test classes, and each test empties the catalog instead of starting another.
 */
final class TestSpark {
  private static final Path DIRECTORY =
      Path.of("target", "spark-test-warehouse").toAbsolutePath().normalize();
  private static boolean cleaned;

  private TestSpark() {}

  static SparkSettings settings() {
    synchronized (TestSpark.class) {
      if (!cleaned) {
        // A throw-away metastore: Derby need not force each catalog change to disk.
        System.setProperty("derby.system.durability", "test");
        delete(DIRECTORY);
        cleaned = true;
      }
    }
    return new SparkSettings("local[2]", DIRECTORY);
  }

  /** The shared warehouse, every database but {@code default} dropped with its tables. */
  static SparkWarehouse emptyWarehouse() {
    SparkWarehouse warehouse = SparkWarehouse.open(settings());
    var spark = warehouse.spark();
    var catalog = spark.sharedState().externalCatalog();
    for (String database : CollectionConverters.asJava(catalog.listDatabases())) {
      if (!database.equals("default")) {
        spark.sql("drop database `" + database + "` cascade");
      }
    }
    for (String table : CollectionConverters.asJava(catalog.listTables("default"))) {
      boolean view = catalog.getTable("default", table).tableType().name().equals("VIEW");
      spark.sql("drop " + (view ? "view" : "table") + " default.`" + table + "`");
    }
    return warehouse;
  }

  private static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
