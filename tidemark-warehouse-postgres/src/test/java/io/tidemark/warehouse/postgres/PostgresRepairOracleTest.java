package io.tidemark.warehouse.postgres;

import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.warehouse.tck.RepairOracleContract;
import org.junit.jupiter.api.AfterEach;

/** PostgreSQL passes the repair oracle, in a database of its own. */
class PostgresRepairOracleTest extends RepairOracleContract {
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
