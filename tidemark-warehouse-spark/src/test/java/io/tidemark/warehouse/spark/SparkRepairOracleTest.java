package io.tidemark.warehouse.spark;

import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.warehouse.tck.RepairOracleContract;

/** Spark passes the repair oracle, on the test JVM's one Spark. */
class SparkRepairOracleTest extends RepairOracleContract {
  @Override
  protected Warehouse openEmptyWarehouse() {
    return TestSpark.emptyWarehouse();
  }
}
