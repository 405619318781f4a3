package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;

/**
 * A warehouse opened when first used. A command that never touches the warehouse neither creates
 * its file nor takes an embedded engine's one-process lock; a server waiting for the scheduler
 * lease does not hold the warehouse the scheduling server needs, and opens it once it takes over.
 */
public final class LazyWarehouse implements Warehouse {
  private final Supplier<Warehouse> opener;
  private Warehouse opened; // guarded by this

  public LazyWarehouse(Supplier<Warehouse> opener) {
    this.opener = requireNonNull(opener, "opener is null");
  }

  private synchronized Warehouse opened() {
    if (opened == null) {
      opened = opener.get();
    }
    return opened;
  }

  @Override
  public String name() {
    return opened().name();
  }

  @Override
  public String location() {
    return opened().location();
  }

  @Override
  public SqlDialect dialect() {
    return opened().dialect();
  }

  @Override
  public ParsedQuery parse(String selectSql) {
    return opened().parse(selectSql);
  }

  @Override
  public WarehouseSession openSession() {
    return opened().openSession();
  }

  /** Closes the warehouse if it was opened. */
  @Override
  public synchronized void close() {
    if (opened != null) {
      opened.close();
    }
  }
}
