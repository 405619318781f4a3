package io.tidemark.core.schedule;

import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.Run;

/** Hears what the scheduler does; the server logs from here. Called from several threads. */
public interface SchedulerListener {
  SchedulerListener NONE = new SchedulerListener() {};

  /** This scheduler took the lease (at start, or from a holder that stopped renewing it). */
  default void leaseTaken(Lease lease) {}

  /**
   * Another scheduler holds the lease: this one does not fire until it can take it. Heard at the
   * first tick that finds it so, and again after this scheduler held the lease in between.
   */
  default void leaseHeldElsewhere(Lease lease) {}

  default void fireRecorded(Fire fire) {}

  /** A fire waits; {@code what} names what for. Heard when what it waits for changes. */
  default void fireWaiting(Fire fire, String what) {}

  default void runStarted(Fire fire, Run run) {}

  /** Hears the tasks of the run a fire starts; the server's metrics count them from here. */
  default RunListener runListener(Fire fire) {
    return RunListener.NONE;
  }

  /**
   * A fire ended: its run finished (summary present) or it needed none, failed before running, or
   * timed out (summary null).
   */
  default void fireFinished(Fire fire, FireStatus status, String detail, RunSummary summary) {}

  /** A tick failed (the state store could not be reached); the next tick tries again. */
  default void tickFailed(RuntimeException failure) {}
}
