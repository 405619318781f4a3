package io.tidemark.core.repair;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import java.time.LocalDate;

/** What a repair sets out to fix. */
public sealed interface RepairTarget {
  /** What a repair of everything stale records as its target. */
  String STALE = "--stale";

  /**
   * The days of an asset whose data was bad and is now right: its partitions (for a model) and
   * everything that read them.
   *
   * @param last the last bad day, included
   */
  record Days(AssetName asset, LocalDate first, LocalDate last) implements RepairTarget {
    public Days {
      requireNonNull(asset, "asset is null");
      requireNonNull(first, "first is null");
      requireNonNull(last, "last is null");
      if (last.isBefore(first)) {
        throw new IllegalArgumentException("last day " + last + " is before first day " + first);
      }
    }
  }

  /** Every stale or invalid model partition, and everything that read them. */
  record Stale() implements RepairTarget {}

  /** What a person reads as the target of a stored repair. */
  static String describe(String storedTarget) {
    return storedTarget.equals(STALE) ? "every stale or invalid partition" : storedTarget;
  }
}
