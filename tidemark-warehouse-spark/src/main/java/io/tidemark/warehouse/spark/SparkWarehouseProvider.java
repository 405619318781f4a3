package io.tidemark.warehouse.spark;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.SqlParser;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseConfig;
import io.tidemark.core.warehouse.WarehouseProvider;
import io.tidemark.core.warehouse.WarehouseSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code warehouse: {type: spark, master: local[2], warehouse_dir: spark-warehouse}}: Spark SQL in
 * this process, its tables Parquet files under {@code warehouse_dir} and its catalog an embedded
 * Hive metastore (Derby) beside them.
 *
 * <p>This class names no Spark class outside method bodies: {@link java.util.ServiceLoader} makes
 * every provider of the distribution, and a DuckDB project must not load Spark.
 */
public final class SparkWarehouseProvider implements WarehouseProvider {
  public static final String TYPE = "spark";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<WarehouseSetting> settings() {
    return List.of(
        WarehouseSetting.text("master", "local[2]"),
        WarehouseSetting.path("warehouse_dir", "spark-warehouse"),
        WarehouseSetting.text("connect", ""));
  }

  @Override
  public Warehouse open(
      WarehouseConfig config, Path projectRoot, UnaryOperator<String> environment) {
    refuseConnect(config);
    return SparkWarehouse.open(new SparkSettings(master(config), directory(config, projectRoot)));
  }

  @Override
  public boolean exists(
      WarehouseConfig config, Path projectRoot, UnaryOperator<String> environment) {
    return Files.isDirectory(SparkSettings.metastore(directory(config, projectRoot)));
  }

  @Override
  public String location(WarehouseConfig config, Path projectRoot) {
    return directory(config, projectRoot).toString();
  }

  /** Another Spark warehouse directory; only one can be open in a process. */
  @Override
  public Warehouse openOther(String location, Path workingDirectory) {
    Path directory = workingDirectory.resolve(location).toAbsolutePath().normalize();
    if (!Files.isDirectory(SparkSettings.metastore(directory))) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          location + " is no Spark warehouse directory (it has no metastore_db)");
    }
    return SparkWarehouse.open(new SparkSettings("local[2]", directory));
  }

  @Override
  public SqlParser openParser() {
    return new SparkParser();
  }

  private static String master(WarehouseConfig config) {
    String master = config.setting("master");
    if (!master.startsWith("local")) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          config.describe("master")
              + " must be local, local[N] or local[*] (Spark in this process), got '"
              + master
              + "'; a cluster is reached through Spark Connect");
    }
    return master;
  }

  private static Path directory(WarehouseConfig config, Path projectRoot) {
    return projectRoot.resolve(config.setting("warehouse_dir")).toAbsolutePath().normalize();
  }

  private static void refuseConnect(WarehouseConfig config) {
    String connect = config.setting("connect");
    if (connect.isEmpty()) {
      return;
    }
    if (!connect.startsWith("sc://")) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          config.describe("connect")
              + " must be a Spark Connect address sc://host:15002, got '"
              + connect
              + "'");
    }
    throw new TidemarkException(
        ErrorCode.INVALID_PROJECT,
        config.describe("connect")
            + ": Spark Connect is not supported yet; remove connect to run Spark in this process"
            + " (master: local[N])");
  }
}
