package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.state.RunOwner;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * How a scheduler runs.
 *
 * @param holder this scheduler's name in the lease; unique among the schedulers of a store
 * @param leaseTtl how long the lease lasts unrenewed: a scheduler that dies is replaced after at
 *     most this long; ticks must come well within it
 * @param owner the process that owns the runs this scheduler starts
 * @param isGone whether a run's owner process is gone (its runs were interrupted)
 * @param recheck how often a waiting fire looks again at what it waits for when nothing it heard of
 *     changed: its sources' arrival, or runs of other processes
 */
public record SchedulerOptions(
    String holder,
    Duration leaseTtl,
    RunOwner owner,
    Predicate<RunOwner> isGone,
    Duration recheck) {
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(30);

  public SchedulerOptions {
    requireNonNull(holder, "holder is null");
    requireNonNull(leaseTtl, "leaseTtl is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(isGone, "isGone is null");
    requireNonNull(recheck, "recheck is null");
    if (holder.isEmpty()) {
      throw new IllegalArgumentException("a scheduler needs a holder name");
    }
    if (leaseTtl.isNegative() || leaseTtl.isZero()) {
      throw new IllegalArgumentException("leaseTtl must be positive");
    }
  }
}
