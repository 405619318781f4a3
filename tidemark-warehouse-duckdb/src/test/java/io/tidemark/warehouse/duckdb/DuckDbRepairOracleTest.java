package io.tidemark.warehouse.duckdb;

import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.warehouse.tck.RepairOracleContract;

/** DuckDB passes the repair oracle, on a file as projects use it. */
class DuckDbRepairOracleTest extends RepairOracleContract {
  @Override
  protected Warehouse openEmptyWarehouse() {
    return DuckDbWarehouse.open(projectRoot.resolve("warehouse.duckdb"));
  }
}
