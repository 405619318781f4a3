package io.tidemark.warehouse.duckdb;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.ByteSize;
import io.tidemark.core.warehouse.MachineResources;
import io.tidemark.core.warehouse.WarehouseConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the embedded engine may use, from {@code warehouse:} in {@code tidemark.yml} and, where it
 * says nothing, from the process's resources. DuckDB's own default memory limit is 80% of the
 * machine, as if it were alone there; inside Tidemark it shares the process with the JVM's heap, so
 * the default is half the JVM's maximum heap, never more than what the machine (or the container's
 * cgroup) has left after the heap and an allowance for the JVM's own memory. The process then stays
 * within about one and a half times {@code -Xmx} plus that allowance, whatever the number of
 * tables.
 *
 * @param memoryLimit DuckDB's {@code memory_limit}: its buffer pool, cached blocks included
 * @param memoryReason why that limit, for {@code status}
 * @param threads DuckDB's {@code threads}
 * @param tempDirectory where DuckDB spills what exceeds the limit; empty: DuckDB's default, {@code
 *     FILE.tmp} next to the file
 * @param maxTempDirectorySize a bound on the spill; empty: DuckDB's default (90% of the free disk)
 * @param blockSize the block size of a file this opening creates; empty: DuckDB's default (256 KiB)
 */
record DuckDbResources(
    ByteSize memoryLimit,
    String memoryReason,
    int threads,
    Optional<Path> tempDirectory,
    Optional<ByteSize> maxTempDirectorySize,
    Optional<ByteSize> blockSize) {
  /** What the JVM needs besides its heap: metaspace, thread stacks, code cache, direct buffers. */
  static final ByteSize JVM_OVERHEAD = ByteSize.ofMebibytes(512);

  /** Below this DuckDB cannot hold a few tables' blocks and the working set of one query. */
  static final ByteSize SMALLEST_LIMIT = ByteSize.ofMebibytes(128);

  DuckDbResources {
    requireNonNull(memoryLimit, "memoryLimit is null");
    requireNonNull(memoryReason, "memoryReason is null");
    requireNonNull(tempDirectory, "tempDirectory is null");
    requireNonNull(maxTempDirectorySize, "maxTempDirectorySize is null");
    requireNonNull(blockSize, "blockSize is null");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
  }

  /** The project's settings, defaults derived from {@code machine}. */
  static DuckDbResources of(WarehouseConfig config, Path projectRoot, MachineResources machine) {
    ByteSize memoryLimit;
    String reason;
    String written = written(config, "memory_limit");
    if (!written.isEmpty()) {
      memoryLimit = size(config, "memory_limit");
      reason = "set in " + config.describe("memory_limit");
      if (memoryLimit.compareTo(SMALLEST_LIMIT) < 0) {
        throw new TidemarkException(
            ErrorCode.INVALID_PROJECT,
            config.describe("memory_limit")
                + " is "
                + memoryLimit
                + "; DuckDB needs at least "
                + SMALLEST_LIMIT);
      }
    } else {
      ByteSize left = machine.memory().minus(machine.maxHeap()).minus(JVM_OVERHEAD);
      ByteSize half = machine.maxHeap().half();
      if (half.compareTo(left) <= 0) {
        memoryLimit = half;
        reason = "default: half the JVM's max heap of " + machine.maxHeap();
      } else {
        memoryLimit = left;
        reason =
            "default: the "
                + machine.memorySource()
                + " of "
                + machine.memory()
                + " less the JVM's max heap and "
                + JVM_OVERHEAD
                + " for the JVM";
      }
      if (memoryLimit.compareTo(SMALLEST_LIMIT) < 0) {
        memoryLimit = SMALLEST_LIMIT;
        reason = "default: the smallest that works; the " + machine.memorySource() + " is small";
      }
    }
    String threadsText = written(config, "threads");
    int threads = threadsText.isEmpty() ? machine.processors() : Integer.parseInt(threadsText);
    String temp = written(config, "temp_directory");
    Optional<Path> tempDirectory =
        temp.isEmpty()
            ? Optional.empty()
            : Optional.of(projectRoot.resolve(temp).toAbsolutePath().normalize());
    Optional<ByteSize> maxTemp =
        written(config, "max_temp_directory_size").isEmpty()
            ? Optional.empty()
            : Optional.of(size(config, "max_temp_directory_size"));
    Optional<ByteSize> blockSize = Optional.empty();
    if (!written(config, "block_size").isEmpty()) {
      ByteSize block = size(config, "block_size");
      long bytes = block.bytes();
      if (bytes < 16 * ByteSize.KIB || bytes > 256 * ByteSize.KIB || Long.bitCount(bytes) != 1) {
        throw new TidemarkException(
            ErrorCode.INVALID_PROJECT,
            config.describe("block_size")
                + " is "
                + written(config, "block_size")
                + "; DuckDB's block size is a power of two from 16KiB to 256KiB");
      }
      blockSize = Optional.of(block);
    }
    return new DuckDbResources(memoryLimit, reason, threads, tempDirectory, maxTemp, blockSize);
  }

  private static ByteSize size(WarehouseConfig config, String name) {
    // tidemark.yml was checked when read; a config built otherwise still fails clearly.
    return ByteSize.parse(written(config, name))
        .orElseThrow(
            () ->
                new TidemarkException(
                    ErrorCode.INVALID_PROJECT,
                    config.describe(name) + " is '" + written(config, name) + "', not a size"));
  }

  /** A setting's value; empty when left to the default, or absent from a config built by hand. */
  private static String written(WarehouseConfig config, String name) {
    return config.settings().getOrDefault(name, "").trim();
  }

  /** The settings as DuckDB's JDBC driver takes them when it opens the database. */
  void addTo(Properties properties, boolean inMemory) {
    properties.setProperty("memory_limit", memoryLimit.bytes() / ByteSize.KIB + "KiB");
    properties.setProperty("threads", String.valueOf(threads));
    tempDirectory.ifPresent(path -> properties.setProperty("temp_directory", path.toString()));
    maxTempDirectorySize.ifPresent(
        size -> properties.setProperty("max_temp_directory_size", size.bytes() + "B"));
    if (!inMemory) {
      blockSize.ifPresent(
          size -> properties.setProperty("default_block_size", String.valueOf(size.bytes())));
    }
  }

  /** One line per setting, for {@code status} and {@code --version --verbose}. */
  List<String> describe(String location) {
    List<String> lines = new ArrayList<>();
    lines.add("memory_limit " + memoryLimit + " (" + memoryReason + ")");
    lines.add("threads " + threads);
    lines.add(
        "temp_directory "
            + tempDirectory
                .map(Path::toString)
                .orElse(
                    location.equals(":memory:")
                        ? "none (in-memory warehouse)"
                        : location + ".tmp (DuckDB's default)"));
    lines.add(
        "max_temp_directory_size "
            + maxTempDirectorySize.map(ByteSize::toString).orElse("90% of the free disk"));
    lines.add(
        "checkpoint every "
            + WriteCheckpoints.DEFAULT_EVERY
            + " writes and after each run"
            + blockSize.map(size -> "; new files use blocks of " + size).orElse(""));
    return lines;
  }
}
