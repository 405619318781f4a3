package io.tidemark.warehouse.duckdb;

import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.warehouse.tck.WarehouseContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB keeps the warehouse contract, on a file as projects use it. */
class DuckDbContractTest extends WarehouseContract {
  @TempDir Path directory;

  @Override
  protected Warehouse openEmptyWarehouse() {
    return DuckDbWarehouse.open(directory.resolve("warehouse.duckdb"));
  }
}
