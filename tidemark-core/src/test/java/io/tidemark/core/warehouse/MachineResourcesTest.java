package io.tidemark.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory is read from files laid out as under {@code /}, written by the tests. */
class MachineResourcesTest {
  @TempDir Path root;

  private static final ByteSize HEAP = ByteSize.ofMebibytes(2048);

  private void write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void aContainersCgroupLimitBelowTheMachinesMemoryIsWhatTheProcessMayUse() throws IOException {
    write("proc/meminfo", "MemTotal:       24576000 kB\nMemFree:        1000 kB\n");
    write("sys/fs/cgroup/memory.max", "4294967296\n");

    MachineResources machine = MachineResources.detect(root, 2, HEAP);

    assertThat(machine.memory()).isEqualTo(ByteSize.ofMebibytes(4096));
    assertThat(machine.memorySource()).isEqualTo("cgroup memory limit");
    assertThat(machine.maxHeap()).isEqualTo(HEAP);
  }

  @Test
  void aCgroupWithoutALimitLeavesTheMachinesMemory() throws IOException {
    write("proc/meminfo", "MemTotal:       8388608 kB\n");
    write("sys/fs/cgroup/memory.max", "max\n");

    MachineResources machine = MachineResources.detect(root, 2, HEAP);

    assertThat(machine.memory()).isEqualTo(ByteSize.ofMebibytes(8192));
    assertThat(machine.memorySource()).isEqualTo("machine memory");
  }

  @Test
  void cgroupVersionOnesLimitIsReadAndItsNoLimitIgnored() throws IOException {
    write("proc/meminfo", "MemTotal:       8388608 kB\n");
    write("sys/fs/cgroup/memory/memory.limit_in_bytes", "1073741824\n");
    assertThat(MachineResources.detect(root, 1, HEAP).memory())
        .isEqualTo(ByteSize.ofMebibytes(1024));

    write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
    assertThat(MachineResources.detect(root, 1, HEAP).memory())
        .isEqualTo(ByteSize.ofMebibytes(8192));
  }

  @Test
  void withNothingToReadTwiceTheHeapStandsIn() {
    MachineResources machine = MachineResources.detect(root, 4, HEAP);

    assertThat(machine.memory()).isEqualTo(ByteSize.ofMebibytes(4096));
    assertThat(machine.processors()).isEqualTo(4);
  }
}
