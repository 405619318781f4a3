package io.tidemark.core.warehouse;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A warehouse engine, found by {@link java.util.ServiceLoader} from {@code warehouse.type} in
 * {@code tidemark.yml}: each engine's module lists its provider in {@code
 * META-INF/services/io.tidemark.core.warehouse.WarehouseProvider}, and the distribution decides
 * which engines it ships by the jars it brings. Implementations are stateless and thread-safe.
 */
public interface WarehouseProvider {
  /** The value of {@code warehouse.type} that selects this engine ({@code duckdb}). */
  String type();

  /**
   * The settings this engine reads under {@code warehouse:}; any other key there is an error naming
   * the file and line.
   */
  List<WarehouseSetting> settings();

  /**
   * Opens the project's warehouse, creating it (a file, schemas) when missing.
   *
   * @param projectRoot the project's directory, absolute: relative paths resolve against it
   * @param environment reads environment variables, for settings that name them
   */
  Warehouse open(WarehouseConfig config, Path projectRoot, UnaryOperator<String> environment);

  /**
   * Opens the project's warehouse as {@link #open(WarehouseConfig, Path, UnaryOperator)} does, for
   * a project whose models may read files on this machine only under {@code readableDirectories}
   * ({@code file_access:} in {@code tidemark.yml}; absolute). Project loading refuses models that
   * read elsewhere; an engine that can read the machine's files also enforces it itself where it
   * can, so a read that loading could not see is refused too. Engines that read no local files (a
   * database server) open as usual.
   */
  default Warehouse open(
      WarehouseConfig config,
      Path projectRoot,
      UnaryOperator<String> environment,
      List<Path> readableDirectories) {
    return open(config, projectRoot, environment);
  }

  /**
   * Whether the project's warehouse has been made, without making it: a project never run has
   * nothing to bind its models against, and validating it must not create anything.
   */
  boolean exists(WarehouseConfig config, Path projectRoot, UnaryOperator<String> environment);

  /**
   * Where the project's warehouse is, for messages, without opening it: what {@link
   * Warehouse#location()} will say.
   */
  String location(WarehouseConfig config, Path projectRoot);

  /**
   * Opens another warehouse of this engine for reading, as a user names it on the command line (a
   * DuckDB file, a JDBC URL): what {@code reconcile --against} compares with. It is never created.
   *
   * @param workingDirectory what a relative location resolves against
   */
  Warehouse openOther(String location, Path workingDirectory);

  /**
   * What the engine will use on this machine for the project and why: its memory limit, threads,
   * spill directory, one line each ({@code memory_limit 1.0 GiB (half the JVM's max heap)}), for
   * {@code tidemark status} and {@code tidemark --version --verbose}. Empty for an engine whose
   * resources are a server's own. Opens nothing.
   */
  default List<String> resources(WarehouseConfig config, Path projectRoot) {
    return List.of();
  }

  /** The engine's parser, holding no data: what project loading checks models with. */
  SqlParser openParser();
}
