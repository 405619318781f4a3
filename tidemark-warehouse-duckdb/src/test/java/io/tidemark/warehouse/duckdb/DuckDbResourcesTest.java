package io.tidemark.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.ByteSize;
import io.tidemark.core.warehouse.MachineResources;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseConfig;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WarehouseStorage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's memory, threads and spill directory: from tidemark.yml, else from the process. */
class DuckDbResourcesTest {
  @TempDir Path project;

  private static final MachineResources LAPTOP =
      new MachineResources(ByteSize.ofMebibytes(16 * 1024), "machine memory", 8, gib(2));

  private static ByteSize gib(long gib) {
    return ByteSize.ofMebibytes(gib * 1024);
  }

  private static WarehouseConfig config(String... settings) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("path", "w.duckdb");
    Map<String, String> origins = new LinkedHashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      values.put(settings[i], settings[i + 1]);
      origins.put(settings[i], "tidemark.yml:" + (5 + i / 2));
    }
    return new WarehouseConfig("duckdb", values, origins);
  }

  @Test
  void byDefaultTheEngineTakesHalfTheJvmsMaxHeapAndEveryProcessor() {
    DuckDbResources resources = DuckDbResources.of(config(), project, LAPTOP);

    assertThat(resources.memoryLimit()).isEqualTo(gib(1));
    assertThat(resources.memoryReason()).isEqualTo("default: half the JVM's max heap of 2.0 GiB");
    assertThat(resources.threads()).isEqualTo(8);
    assertThat(resources.tempDirectory()).isEmpty();
  }

  @Test
  void inASmallContainerTheDefaultIsWhatTheHeapLeaves() {
    MachineResources container =
        new MachineResources(gib(3), "cgroup memory limit", 2, ByteSize.ofMebibytes(2048));

    DuckDbResources resources = DuckDbResources.of(config(), project, container);

    assertThat(resources.memoryLimit()).isEqualTo(ByteSize.ofMebibytes(512));
    assertThat(resources.memoryReason())
        .isEqualTo(
            "default: the cgroup memory limit of 3.0 GiB less the JVM's max heap and 512.0 MiB"
                + " for the JVM");
  }

  @Test
  void aHeapThatLeavesNothingStillGetsTheSmallestLimitThatWorks() {
    MachineResources tight = new MachineResources(gib(2), "cgroup memory limit", 1, gib(2));

    assertThat(DuckDbResources.of(config(), project, tight).memoryLimit())
        .isEqualTo(DuckDbResources.SMALLEST_LIMIT);
  }

  @Test
  void writtenSettingsWinAndRelativeDirectoriesResolveAgainstTheProject() {
    DuckDbResources resources =
        DuckDbResources.of(
            config(
                "memory_limit", "3GiB",
                "threads", "3",
                "temp_directory", "spill",
                "max_temp_directory_size", "10GB"),
            project,
            LAPTOP);

    assertThat(resources.memoryLimit()).isEqualTo(gib(3));
    assertThat(resources.memoryReason())
        .isEqualTo("set in warehouse.memory_limit (tidemark.yml:5)");
    assertThat(resources.threads()).isEqualTo(3);
    assertThat(resources.tempDirectory()).contains(project.resolve("spill"));
    assertThat(resources.maxTempDirectorySize()).contains(ByteSize.ofBytes(10_000_000_000L));
  }

  @Test
  void aBlockSizeDuckDbCannotUseIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> DuckDbResources.of(config("block_size", "100KB"), project, LAPTOP))
        .isInstanceOf(TidemarkException.class)
        .hasMessage(
            "warehouse.block_size (tidemark.yml:5) is 100KB; DuckDB's block size is a power of two"
                + " from 16KiB to 256KiB")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.INVALID_PROJECT);
  }

  @Test
  void aMemoryLimitTooSmallForDuckDbIsRefused() {
    assertThatThrownBy(() -> DuckDbResources.of(config("memory_limit", "1MB"), project, LAPTOP))
        .hasMessageContaining("warehouse.memory_limit (tidemark.yml:5) is 976.6 KiB");
  }

  @Test
  void theOpenedEngineReportsTheConfiguredSettings() {
    DuckDbResources resources =
        DuckDbResources.of(
            config("memory_limit", "300MiB", "threads", "1", "temp_directory", "spill"),
            project,
            LAPTOP);

    try (Warehouse warehouse = DuckDbWarehouse.open(project.resolve("w.duckdb"), resources);
        WarehouseSession session = warehouse.openSession()) {
      List<Object> settings =
          session
              .query(
                  "select current_setting('memory_limit'), current_setting('threads'),"
                      + " current_setting('temp_directory')",
                  1)
              .rows()
              .get(0);
      assertThat(settings).containsExactly("300.0 MiB", 1L, project.resolve("spill").toString());
    }
  }

  @Test
  void aNewFileTakesTheConfiguredBlockSizeAndTheSpillItsBound() {
    DuckDbResources resources =
        DuckDbResources.of(
            config("block_size", "16KiB", "max_temp_directory_size", "10GB"), project, LAPTOP);

    try (Warehouse warehouse = DuckDbWarehouse.open(project.resolve("w.duckdb"), resources);
        WarehouseSession session = warehouse.openSession()) {
      assertThat(
              session
                  .query(
                      "select block_size, current_setting('max_temp_directory_size')"
                          + " from pragma_database_size()",
                      1)
                  .rows()
                  .get(0))
          .containsExactly(16_384L, "9.3 GiB");
    }
  }

  @Test
  void aCheckpointReportsTheFileAndWhatOfItIsInUse() {
    try (Warehouse warehouse =
            DuckDbWarehouse.open(
                project.resolve("w.duckdb"), DuckDbResources.of(config(), project, LAPTOP));
        WarehouseSession session = warehouse.openSession()) {
      session.execute("create table t as select range as x from range(100000)");

      WarehouseStorage storage = warehouse.checkpoint().orElseThrow();

      assertThat(storage.used().bytes()).isPositive();
      assertThat(storage.fileSize().bytes()).isGreaterThanOrEqualTo(storage.used().bytes());
    }
  }

  @Test
  void anInMemoryWarehouseHasNothingToCheckpoint() {
    try (Warehouse warehouse = DuckDbWarehouse.openInMemory()) {
      assertThat(warehouse.checkpoints()).isFalse();
      assertThat(warehouse.checkpoint()).isEmpty();
    }
  }
}
