package io.tidemark.core.status;

import java.util.Locale;

/**
 * How an asset is, in one word, worst first: the colour of its node in the lineage graph. An asset
 * with several problems takes the worst.
 */
public enum Health {
  /** A partition's last write failed, or an error-level check fails. */
  FAILED,
  /** An incident declared partitions bad. */
  INVALID,
  /** Partitions no longer match their inputs. */
  STALE,
  /** Partitions in its domain were never written. */
  MISSING,
  /** A warn-level check fails. */
  WARNING,
  /** Every partition built and current, every check passing. */
  HEALTHY;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
