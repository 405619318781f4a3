package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import java.math.BigDecimal;
import java.nio.file.Path;
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
   * @param file the warehouse file, absolute
   * @param filter its SQL condition, empty for every row
   */
  public record Side(AssetName table, Path file, String filter) {
    public Side {
      requireNonNull(table, "table is null");
      requireNonNull(file, "file is null");
      requireNonNull(filter, "filter is null");
    }

    /** The table and its file's name; the whole path when {@code other} is a file named alike. */
    public String label(Side other) {
      boolean ambiguous =
          !file.equals(other.file()) && file.getFileName().equals(other.file().getFileName());
      return table + " @ " + (ambiguous ? file : file.getFileName());
    }
  }
}
