package io.tidemark.server;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import java.util.function.Supplier;

/**
 * A warehouse opened when first used. A server waiting for the scheduler lease does not touch the
 * warehouse, so it does not hold it either: an embedded DuckDB file admits one process at a time,
 * and the server that schedules needs it. The standby opens it once it takes over.
 */
public final class OnDemandWarehouse implements Warehouse {
  private final Supplier<Warehouse> opener;
  private Warehouse opened;

  public OnDemandWarehouse(Supplier<Warehouse> opener) {
    this.opener = requireNonNull(opener, "opener is null");
  }

  private synchronized Warehouse warehouse() {
    if (opened == null) {
      opened = opener.get();
    }
    return opened;
  }

  @Override
  public String name() {
    return warehouse().name();
  }

  @Override
  public ParsedQuery parse(String selectSql) {
    return warehouse().parse(selectSql);
  }

  @Override
  public WarehouseSession openSession() {
    return warehouse().openSession();
  }

  /** Closes the warehouse if it was opened. */
  @Override
  public synchronized void close() {
    if (opened != null) {
      opened.close();
    }
  }
}
