package io.tidemark.anomaly;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link Regulariser} did to make points a regular series. Every count is of points as read,
 * except {@code merged} and {@code missing}, which count points of the regular series.
 *
 * @param read points read
 * @param step the step chosen: the most common distance between consecutive timestamps
 * @param outOfOrder points read after a later one; sorted into place
 * @param duplicates points whose timestamp an earlier point already had; the last finite value read
 *     for a timestamp is kept
 * @param nonFinite points with an empty, {@code NaN} or infinite value; they count as missing
 * @param offGrid points not a whole number of steps after the first; moved to the nearest step
 * @param merged points of the series that several timestamps fell on; they hold their mean
 * @param missing points of the series without a value
 * @param stepChanges where the distance between points settled on another value for at least {@link
 *     Regulariser#STEP_RUN} points in a row (at most {@link #MAX_STEP_CHANGES} listed)
 */
public record Regularisation(
    int read,
    Duration step,
    int outOfOrder,
    int duplicates,
    int nonFinite,
    int offGrid,
    int merged,
    int missing,
    List<StepChange> stepChanges) {
  /** Step changes listed at most; more are counted in the last. */
  public static final int MAX_STEP_CHANGES = 10;

  public Regularisation {
    requireNonNull(step, "step is null");
    stepChanges = List.copyOf(stepChanges);
  }

  /** From {@code at} on, points came {@code to} apart instead of {@code from}. */
  public record StepChange(Instant at, Duration from, Duration to) {
    public StepChange {
      requireNonNull(at, "at is null");
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
    }
  }

  /** Whether the points were already a regular series, each with a finite value. */
  public boolean untouched() {
    return outOfOrder == 0
        && duplicates == 0
        && nonFinite == 0
        && offGrid == 0
        && merged == 0
        && missing == 0
        && stepChanges.isEmpty();
  }

  /** One line: what was done, or that nothing was. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (outOfOrder > 0) {
      parts.add(count(outOfOrder, "point") + " out of order (sorted)");
    }
    if (duplicates > 0) {
      parts.add(count(duplicates, "repeated timestamp") + " (the last value read kept)");
    }
    if (nonFinite > 0) {
      parts.add(count(nonFinite, "empty or non-finite value") + " (taken as missing)");
    }
    if (offGrid > 0) {
      parts.add(
          count(offGrid, "point")
              + " off the "
              + Steps.describe(step)
              + " grid (moved to the nearest step)");
    }
    if (merged > 0) {
      parts.add(count(merged, "step") + " holding several points (their mean kept)");
    }
    if (missing > 0) {
      parts.add(count(missing, "missing point"));
    }
    for (StepChange change : stepChanges) {
      parts.add(
          "points "
              + Steps.describe(change.to())
              + " apart from "
              + change.at()
              + " (was "
              + Steps.describe(change.from())
              + ")");
    }
    return parts.isEmpty() ? "regular, nothing to regularise" : String.join("; ", parts);
  }

  private static String count(int count, String noun) {
    return String.format(Locale.ROOT, "%,d", count) + " " + noun + (count == 1 ? "" : "s");
  }
}
