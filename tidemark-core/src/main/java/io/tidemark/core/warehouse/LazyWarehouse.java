package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A warehouse opened when first used. A command that never touches the warehouse neither creates
 * its file nor takes an embedded engine's one-process lock; a server waiting for the scheduler
 * lease does not hold the warehouse the scheduling server needs, and opens it once it takes over.
 */
public final class LazyWarehouse implements Warehouse {
  private final Supplier<Warehouse> opener;
  private final String name; // null: asked of the opened warehouse
  private final String location; // null: asked of the opened warehouse
  private Warehouse opened; // guarded by this

  public LazyWarehouse(Supplier<Warehouse> opener) {
    this(opener, null, null);
  }

  /** With the engine's name and the warehouse's location known up front, for messages. */
  public LazyWarehouse(Supplier<Warehouse> opener, String name, String location) {
    this.opener = requireNonNull(opener, "opener is null");
    this.name = name;
    this.location = location;
  }

  /** Whether the warehouse has been opened. */
  public synchronized boolean isOpen() {
    return opened != null;
  }

  private synchronized Warehouse opened() {
    if (opened == null) {
      opened = opener.get();
    }
    return opened;
  }

  @Override
  public String name() {
    return name != null ? name : opened().name();
  }

  @Override
  public String location() {
    return location != null ? location : opened().location();
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

  /** Checkpoints the warehouse if it was opened; one never opened has nothing to write. */
  @Override
  public Optional<WarehouseStorage> checkpoint() {
    synchronized (this) {
      if (opened == null) {
        return Optional.empty();
      }
    }
    return opened().checkpoint();
  }

  /** A warehouse never opened has nothing to checkpoint. */
  @Override
  public boolean checkpoints() {
    synchronized (this) {
      if (opened == null) {
        return false;
      }
    }
    return opened().checkpoints();
  }

  /** Closes the warehouse if it was opened. */
  @Override
  public synchronized void close() {
    if (opened != null) {
      opened.close();
    }
  }
}
