package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;

/**
 * How many partitions of one asset have, as the latest result of one check, one status at one
 * severity: what {@code tidemark status} and the server's metrics show, counted by the database
 * instead of read result by result.
 */
public record CheckTally(
    AssetName asset, String check, String severity, CheckStatus status, long results) {
  public CheckTally {
    requireNonNull(asset, "asset is null");
    requireNonNull(check, "check is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(status, "status is null");
    if (results < 1) {
      throw new IllegalArgumentException("results must be positive: " + results);
    }
  }
}
