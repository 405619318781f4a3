package io.tidemark.warehouse.spark;

import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.warehouse.tck.WarehouseContract;

/**
 * Spark keeps the warehouse contract, on the test JVM's one Spark, its catalog emptied per test.
 */
class SparkContractTest extends WarehouseContract {
  @Override
  protected Warehouse openEmptyWarehouse() {
    return TestSpark.emptyWarehouse();
  }

  /** Spark's Parquet tables take no {@code update} or {@code delete}. */
  @Override
  protected boolean updatesRowsInPlace() {
    return false;
  }
}
