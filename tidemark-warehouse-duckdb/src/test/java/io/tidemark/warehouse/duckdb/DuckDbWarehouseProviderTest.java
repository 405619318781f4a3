package io.tidemark.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseConfig;
import io.tidemark.core.warehouse.WarehouseProvider;
import io.tidemark.core.warehouse.WarehouseProviders;
import io.tidemark.core.warehouse.WarehouseSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine is found by its type through the service loader, and opens the project's file. */
class DuckDbWarehouseProviderTest {
  @TempDir Path project;

  private final WarehouseConfig config =
      new WarehouseConfig("duckdb", Map.of("path", "data/w.duckdb"), Map.of());

  @Test
  void theServiceLoaderFindsDuckDbByItsType() {
    WarehouseProviders installed = WarehouseProviders.installed();

    assertThat(installed.find("duckdb")).containsInstanceOf(DuckDbWarehouseProvider.class);
    assertThat(installed.find("oracle")).isEmpty();
    assertThat(installed.provider("duckdb").settings())
        .extracting(setting -> setting.name())
        .containsExactly(
            "path",
            "memory_limit",
            "threads",
            "temp_directory",
            "max_temp_directory_size",
            "block_size");
  }

  @Test
  void theProjectsFileIsMadeOnlyWhenOpened() {
    WarehouseProvider provider = new DuckDbWarehouseProvider();
    Path file = project.resolve("data/w.duckdb");

    assertThat(provider.exists(config, project, name -> null)).isFalse();
    assertThat(provider.location(config, project)).isEqualTo(file.toString());
    try (Warehouse warehouse = provider.open(config, project, name -> null);
        WarehouseSession session = warehouse.openSession()) {
      session.execute("create table t as select 1 as x");
      assertThat(warehouse.location()).isEqualTo(file.toString());
    }
    assertThat(provider.exists(config, project, name -> null)).isTrue();
    assertThat(file).exists();
  }

  @Test
  void withNoReadableDirectoryTheEngineReadsNoFiles() throws Exception {
    Path csv = project.resolve("rates.csv");
    java.nio.file.Files.writeString(csv, "currency,rate\nEUR,1.1\n");
    WarehouseProvider provider = new DuckDbWarehouseProvider();
    String read = "select count(*) from read_csv('" + csv + "')";

    try (Warehouse warehouse =
            provider.open(config, project, name -> null, java.util.List.of(project));
        WarehouseSession session = warehouse.openSession()) {
      assertThat(session.query(read, 1).rows()).containsExactly(java.util.List.of(1L));
    }
    try (Warehouse warehouse = provider.open(config, project, name -> null, java.util.List.of());
        WarehouseSession session = warehouse.openSession()) {
      assertThatThrownBy(() -> session.query(read, 1))
          .isInstanceOf(TidemarkException.class)
          .hasMessageContaining("file_access:");
      assertThatThrownBy(() -> session.execute("set enable_external_access = true"))
          .isInstanceOf(TidemarkException.class);
      // Its own tables, and spilling to its temporary directory, still work.
      session.execute("create table t as select range as x from range(3)");
      assertThat(session.query("select count(*) from t", 1).rows())
          .containsExactly(java.util.List.of(3L));
    }
  }

  @Test
  void anotherWarehouseIsOpenedReadOnlyAndNeverCreated() throws Exception {
    WarehouseProvider provider = new DuckDbWarehouseProvider();
    try (Warehouse warehouse = provider.open(config, project, name -> null);
        WarehouseSession session = warehouse.openSession()) {
      session.execute("create table t as select 1 as x");
    }

    try (Warehouse other = provider.openOther("data/w.duckdb", project);
        WarehouseSession session = other.openSession()) {
      assertThat(session.query("select x from t", 1).rows()).containsExactly(java.util.List.of(1L));
      assertThatThrownBy(() -> session.execute("insert into t values (2)"))
          .isInstanceOf(TidemarkException.class);
    }
    assertThatThrownBy(() -> provider.openOther("missing.duckdb", project))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("does not exist (it is not created)");
    assertThat(project.resolve("missing.duckdb")).doesNotExist();
    Files.writeString(project.resolve("empty.duckdb"), "");
    assertThatThrownBy(() -> provider.openOther("empty.duckdb", project))
        .hasMessageContaining("is not a DuckDB database file");
  }
}
