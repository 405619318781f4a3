package io.tidemark.warehouse.duckdb;

import io.tidemark.core.TidemarkException;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link FileLockTest}: tries the warehouse file and says what happened.
 */
public final class OpenWarehouseInChildProcess {
  private OpenWarehouseInChildProcess() {}

  public static void main(String[] args) {
    try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(Path.of(args[0]))) {
      System.out.println("opened " + warehouse.location());
    } catch (TidemarkException e) {
      System.out.println(e.code() + ": " + e.getMessage());
    }
  }
}
