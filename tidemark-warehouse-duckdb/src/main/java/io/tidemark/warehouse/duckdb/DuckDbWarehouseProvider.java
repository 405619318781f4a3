package io.tidemark.warehouse.duckdb;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.MachineResources;
import io.tidemark.core.warehouse.SqlParser;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseConfig;
import io.tidemark.core.warehouse.WarehouseProvider;
import io.tidemark.core.warehouse.WarehouseSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code warehouse: {type: duckdb, path: FILE}}: one DuckDB file, relative to the project (default
 * {@code warehouse.duckdb}); {@code :memory:} for a warehouse gone when the process ends. {@code
 * memory_limit}, {@code threads}, {@code temp_directory}, {@code max_temp_directory_size} and
 * {@code block_size} bound what the engine uses (see {@link DuckDbResources}).
 */
public final class DuckDbWarehouseProvider implements WarehouseProvider {
  public static final String TYPE = "duckdb";
  public static final String DEFAULT_FILE = "warehouse.duckdb";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<WarehouseSetting> settings() {
    return List.of(
        WarehouseSetting.path("path", DEFAULT_FILE),
        WarehouseSetting.bytes("memory_limit"),
        WarehouseSetting.count("threads"),
        WarehouseSetting.path("temp_directory", ""),
        WarehouseSetting.bytes("max_temp_directory_size"),
        WarehouseSetting.bytes("block_size"));
  }

  @Override
  public List<String> resources(WarehouseConfig config, Path projectRoot) {
    return resourcesOf(config, projectRoot).describe(location(config, projectRoot));
  }

  private static DuckDbResources resourcesOf(WarehouseConfig config, Path projectRoot) {
    return DuckDbResources.of(config, projectRoot, MachineResources.detect());
  }

  @Override
  public Warehouse open(
      WarehouseConfig config, Path projectRoot, UnaryOperator<String> environment) {
    String path = config.setting("path");
    DuckDbResources resources = resourcesOf(config, projectRoot);
    if (path.equals(":memory:")) {
      return DuckDbWarehouse.openInMemory(resources).resolvingFilesFrom(projectRoot);
    }
    return DuckDbWarehouse.open(file(config, projectRoot), resources)
        .resolvingFilesFrom(projectRoot);
  }

  /**
   * DuckDB reads any file the process can: with no directory allowed, the engine's external access
   * is switched off for the whole database (it cannot be switched on again while it is open), so no
   * query reads or writes a file, attaches a database or installs an extension; spilling to its
   * temporary directory still works. With allowed directories, project loading checks every model's
   * reads: DuckDB's own check cannot see paths that resolve through the project directory.
   */
  @Override
  public Warehouse open(
      WarehouseConfig config,
      Path projectRoot,
      UnaryOperator<String> environment,
      List<Path> readableDirectories) {
    DuckDbWarehouse warehouse = (DuckDbWarehouse) open(config, projectRoot, environment);
    if (readableDirectories.isEmpty()) {
      warehouse.withoutFileAccess();
    }
    return warehouse;
  }

  @Override
  public boolean exists(
      WarehouseConfig config, Path projectRoot, UnaryOperator<String> environment) {
    String path = config.setting("path");
    return !path.equals(":memory:") && Files.exists(file(config, projectRoot));
  }

  @Override
  public String location(WarehouseConfig config, Path projectRoot) {
    String path = config.setting("path");
    return path.equals(":memory:") ? path : file(config, projectRoot).toString();
  }

  /** The project's DuckDB file, absolute. */
  public static Path file(WarehouseConfig config, Path projectRoot) {
    return projectRoot.resolve(config.setting("path")).toAbsolutePath().normalize();
  }

  /**
   * Opens an existing DuckDB file read-only: DuckDB itself refuses any write to it. A missing file
   * is {@code NOT_FOUND} (it is never created); a file that is not a DuckDB database is {@code
   * INVALID_ARGUMENT}.
   */
  @Override
  public Warehouse openOther(String location, Path workingDirectory) {
    Path file;
    try {
      file = workingDirectory.resolve(location).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "'" + location + "' is not a valid path");
    }
    if (!Files.exists(file)) {
      throw new TidemarkException(
          ErrorCode.NOT_FOUND, file + " does not exist (it is not created)");
    }
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT, file + " is not a DuckDB database file");
      }
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, file + " cannot be read: " + e.getMessage());
    }
    try {
      return DuckDbWarehouse.openReadOnly(file);
    } catch (TidemarkException e) {
      if (e.code() == ErrorCode.CONFLICT) {
        throw e;
      }
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          file + " cannot be opened as a DuckDB warehouse: " + firstLine(e.getMessage()),
          e);
    }
  }

  @Override
  public SqlParser openParser() {
    return DuckDbWarehouse.openInMemory();
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
