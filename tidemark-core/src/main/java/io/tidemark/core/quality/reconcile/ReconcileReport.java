package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Everything one reconciliation of two tables found, with how it compared them.
 *
 * @param method {@code join} or {@code bisection}
 */
public record ReconcileReport(
    Side left,
    Side right,
    String method,
    ReconcileColumns.Resolved columns,
    BigDecimal tolerance,
    ReconciliationResult result,
    Duration elapsed) {
  public ReconcileReport {
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    requireNonNull(method, "method is null");
    requireNonNull(columns, "columns is null");
    requireNonNull(tolerance, "tolerance is null");
    requireNonNull(result, "result is null");
    requireNonNull(elapsed, "elapsed is null");
  }

  /**
   * One side as it was compared.
   *
   * @param warehouse where the warehouse is: a file's absolute path, a URL
   * @param filter its SQL condition, empty for every row
   */
  public record Side(AssetName table, String warehouse, String filter) {
    public Side {
      requireNonNull(table, "table is null");
      requireNonNull(warehouse, "warehouse is null");
      requireNonNull(filter, "filter is null");
    }

    /**
     * The table and its warehouse's last name (a file's name); the whole location when {@code
     * other} is a different warehouse named alike.
     */
    public String label(Side other) {
      boolean ambiguous =
          !warehouse.equals(other.warehouse()) && shortName().equals(other.shortName());
      return table + " @ " + (ambiguous ? warehouse : shortName());
    }

    private String shortName() {
      String trimmed = warehouse.replaceAll("[/\\\\]+$", "");
      int slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
      return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }
  }
}
