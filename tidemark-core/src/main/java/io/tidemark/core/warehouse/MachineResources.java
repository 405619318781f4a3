package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What this process may use: the memory of the machine or, inside a container, of its cgroup; the
 * processors the JVM sees (it honours a container's CPU quota); and the JVM's maximum heap. An
 * embedded engine sizes itself from these, so heap, engine and overhead fit in what the process is
 * given.
 *
 * @param memory the memory the process may use
 * @param memorySource where {@code memory} was read, for messages ({@code cgroup memory.max})
 * @param processors processors available to the JVM
 * @param maxHeap the JVM's maximum heap ({@code -Xmx})
 */
public record MachineResources(
    ByteSize memory, String memorySource, int processors, ByteSize maxHeap) {
  public MachineResources {
    requireNonNull(memory, "memory is null");
    requireNonNull(memorySource, "memorySource is null");
    requireNonNull(maxHeap, "maxHeap is null");
    if (processors < 1) {
      throw new IllegalArgumentException("processors must be positive: " + processors);
    }
  }

  /** This process's resources, read from {@code /proc} and {@code /sys/fs/cgroup} when present. */
  public static MachineResources detect() {
    Runtime runtime = Runtime.getRuntime();
    return detect(
        Path.of("/"), runtime.availableProcessors(), ByteSize.ofBytes(runtime.maxMemory()));
  }

  /**
   * Reads the memory under {@code root} (a directory standing for {@code /}): the smaller of {@code
   * /proc/meminfo}'s MemTotal and a cgroup's limit ({@code sys/fs/cgroup/memory.max} for cgroup v2,
   * {@code sys/fs/cgroup/memory/memory.limit_in_bytes} for v1). Without either, the heap's double
   * stands in: nothing better is known.
   */
  public static MachineResources detect(Path root, int processors, ByteSize maxHeap) {
    Optional<ByteSize> total = memTotal(root.resolve("proc/meminfo"));
    Optional<ByteSize> cgroup =
        limit(root.resolve("sys/fs/cgroup/memory.max"))
            .or(() -> limit(root.resolve("sys/fs/cgroup/memory/memory.limit_in_bytes")));
    if (cgroup.isPresent() && (total.isEmpty() || cgroup.get().compareTo(total.get()) < 0)) {
      return new MachineResources(cgroup.get(), "cgroup memory limit", processors, maxHeap);
    }
    if (total.isPresent()) {
      return new MachineResources(total.get(), "machine memory", processors, maxHeap);
    }
    return new MachineResources(
        ByteSize.ofBytes(maxHeap.bytes() * 2), "twice the JVM heap", processors, maxHeap);
  }

  private static Optional<ByteSize> memTotal(Path meminfo) {
    for (String line : lines(meminfo)) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
        try {
          return Optional.of(ByteSize.ofBytes(Long.parseLong(parts[0]) * ByteSize.KIB));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** A cgroup limit; {@code max} (v2) or a huge number (v1's "no limit") is none. */
  private static Optional<ByteSize> limit(Path file) {
    List<String> lines = lines(file);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    String value = lines.get(0).trim();
    try {
      long bytes = Long.parseLong(value);
      return bytes <= 0 || bytes >= Long.MAX_VALUE / 2
          ? Optional.empty()
          : Optional.of(ByteSize.ofBytes(bytes));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.isReadable(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }
}
