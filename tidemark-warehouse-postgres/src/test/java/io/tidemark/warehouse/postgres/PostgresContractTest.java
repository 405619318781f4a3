package io.tidemark.warehouse.postgres;

import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.warehouse.tck.WarehouseContract;
import org.junit.jupiter.api.AfterEach;

/** PostgreSQL keeps the warehouse contract, each test in a database of its own. */
class PostgresContractTest extends WarehouseContract {
  private final TestDatabases databases = new TestDatabases();

  @Override
  protected Warehouse openEmptyWarehouse() {
    return PostgresWarehouse.open(databases.create(), TestDatabases.USER, null);
  }

  @AfterEach
  void dropDatabases() {
    databases.close();
  }
}
