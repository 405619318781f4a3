package io.tidemark.warehouse.spark;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of this process. Spark's start-up (a second or more) is paid once, by the
 * first warehouse opened, not by each task; its catalog settings (the warehouse directory, the
 * metastore) are fixed then, so a second warehouse directory in the same process is refused.
 */
final class SparkSessions {
  private static SparkSession session;
  private static SparkSettings settings;

  private SparkSessions() {}

  static synchronized SparkSession of(SparkSettings wanted) {
    if (session != null) {
      if (!settings.equals(wanted)) {
        throw new TidemarkException(
            ErrorCode.WAREHOUSE,
            "this process already runs Spark on "
                + settings.directory()
                + " ("
                + settings.master()
                + "); one Spark warehouse per process");
      }
      return session;
    }
    try {
      Files.createDirectories(wanted.directory());
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.WAREHOUSE, "cannot create the Spark warehouse " + wanted.directory(), e);
    }
    // Derby writes its log into the working directory unless told otherwise.
    System.setProperty(
        "derby.stream.error.file", wanted.directory().resolve("derby.log").toString());
    session =
        SparkSession.builder()
            .appName("tidemark")
            .master(wanted.master())
            .enableHiveSupport()
            .config("spark.ui.enabled", "false")
            // Spark logs through Log4j 2 at INFO unless told so before it starts.
            .config("spark.log.level", "WARN")
            .config("spark.sql.warehouse.dir", wanted.directory().toUri().toString())
            .config(
                "spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName="
                    + SparkSettings.metastore(wanted.directory())
                    + ";create=true")
            // New tables are Parquet data source tables, not Hive text tables.
            .config("spark.sql.legacy.createHiveTableByDefault", "false")
            .config("spark.sql.sources.default", "parquet")
            // An insert overwrite replaces the partitions its rows fall in, and no others.
            .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
            // Partitions are UTC, and timestamps carry no zone, as on DuckDB.
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.timestampType", "TIMESTAMP_NTZ")
            .config("spark.sql.datetime.java8API.enabled", "true")
            // A model's partition is small: Spark's 200 shuffle partitions would be 200 tasks each.
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.adaptive.enabled", "true")
            .getOrCreate();
    session.sparkContext().setLogLevel("WARN");
    settings = wanted;
    return session;
  }
}
