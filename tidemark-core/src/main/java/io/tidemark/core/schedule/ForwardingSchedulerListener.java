package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.Run;

/**
 * A listener that passes every event on to the next one: listeners that add something (metrics,
 * alerts) extend it and override only what they add, calling the same method here after.
 */
public abstract class ForwardingSchedulerListener implements SchedulerListener {
  private final SchedulerListener next;

  protected ForwardingSchedulerListener(SchedulerListener next) {
    this.next = requireNonNull(next, "next is null");
  }

  @Override
  public void leaseTaken(Lease lease) {
    next.leaseTaken(lease);
  }

  @Override
  public void leaseHeldElsewhere(Lease lease) {
    next.leaseHeldElsewhere(lease);
  }

  @Override
  public void fireRecorded(Fire fire) {
    next.fireRecorded(fire);
  }

  @Override
  public void fireWaiting(Fire fire, String what) {
    next.fireWaiting(fire, what);
  }

  @Override
  public void runStarted(Fire fire, Run run) {
    next.runStarted(fire, run);
  }

  @Override
  public RunListener runListener(Fire fire) {
    return next.runListener(fire);
  }

  @Override
  public void fireFinished(Fire fire, FireStatus status, String detail, RunSummary summary) {
    next.fireFinished(fire, status, detail, summary);
  }

  @Override
  public void tickFailed(RuntimeException failure) {
    next.tickFailed(failure);
  }
}
