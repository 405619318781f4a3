package io.tidemark.core.status;

import java.util.Locale;

/** What one partition of an asset is, as a person looking at its history sees it. */
public enum PartitionCondition {
  /** Written, and its inputs have not changed since. */
  BUILT,
  /** Written, but an input's data version changed since: it no longer matches its inputs. */
  STALE,
  /** Declared bad by an incident: it must be rebuilt. */
  INVALID,
  /** The last attempt to write it failed. */
  FAILED,
  /** In the asset's domain but never written (for a source: never fingerprinted). */
  MISSING,
  /** An attempt of a running run is writing it now. */
  RUNNING;

  /** The name in the API and the UI: {@code built}, {@code stale}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
