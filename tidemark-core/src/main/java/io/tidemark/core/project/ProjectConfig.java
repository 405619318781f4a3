package io.tidemark.core.project;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.warehouse.WarehouseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code tidemark.yml}.
 *
 * @param warehouse the warehouse engine and its settings
 * @param stateUrl JDBC URL of the state store (SQLite file by default, PostgreSQL in production)
 * @param defaultSchema the schema of models placed directly under {@code models/}
 * @param threads how many tasks run at once
 * @param retries how many times a failed task is tried again
 * @param retryBackoff the wait before the first retry; it doubles for each further one
 * @param confirmAbove plans of more tasks than this are run only when confirmed (a prompt on a
 *     terminal, {@code --yes} in scripts)
 * @param fileAccess directories models may read files under, as written (relative to the project,
 *     or absolute); empty: models read no files
 */
public record ProjectConfig(
    String name,
    LocalDate start,
    WarehouseConfig warehouse,
    String stateUrl,
    String defaultSchema,
    int threads,
    int retries,
    Duration retryBackoff,
    int confirmAbove,
    Map<String, Object> vars,
    Map<String, Pipeline> pipelines,
    List<String> fileAccess) {

  public static final String FILE_NAME = "tidemark.yml";
  public static final String DEFAULT_STATE_URL = "jdbc:sqlite:.tidemark/state.db";

  /** A year of daily partitions for about 27 assets; more than that is asked about first. */
  public static final int DEFAULT_CONFIRM_ABOVE = 10_000;

  public ProjectConfig {
    requireNonNull(name, "name is null");
    requireNonNull(start, "start is null");
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(stateUrl, "stateUrl is null");
    requireNonNull(defaultSchema, "defaultSchema is null");
    requireNonNull(retryBackoff, "retryBackoff is null");
    // Kept in file order, so listings follow tidemark.yml.
    vars = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(vars, "vars is null")));
    pipelines =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(requireNonNull(pipelines, "pipelines is null")));
    fileAccess = List.copyOf(requireNonNull(fileAccess, "fileAccess is null"));
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries cannot be negative");
    }
    if (confirmAbove < 1) {
      throw new IllegalArgumentException("confirmAbove must be at least 1");
    }
  }

  /** The directories models may read files under, absolute, relative ones against {@code root}. */
  public List<Path> readableDirectories(Path root) {
    return fileAccess.stream()
        .map(allowed -> root.toAbsolutePath().resolve(allowed).normalize())
        .toList();
  }

  public ProjectConfig withStateUrl(String url) {
    return new ProjectConfig(
        name,
        start,
        warehouse,
        url,
        defaultSchema,
        threads,
        retries,
        retryBackoff,
        confirmAbove,
        vars,
        pipelines,
        fileAccess);
  }
}
