package io.tidemark.warehouse.duckdb;

import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.warehouse.tck.ReconcileContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB passes the reconciliation contract, on a file as projects use it. */
class DuckDbReconcileContractTest extends ReconcileContract {
  @TempDir Path directory;

  @Override
  protected Warehouse openEmptyWarehouse() {
    return DuckDbWarehouse.open(directory.resolve("warehouse.duckdb"));
  }
}
