package io.tidemark.core.schedule;

import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.Run;

/** Hears what the scheduler does; the server logs from here. Called from several threads. */
public interface SchedulerListener {
  SchedulerListener NONE = new SchedulerListener() {};

  /** This scheduler took the lease (at start, or from a holder that stopped renewing it). */
  default void leaseTaken(Lease lease) {}

  /** Another scheduler holds the lease; this one stops firing until it can take it. */
  default void leaseLost(Lease lease) {}

  default void fireRecorded(Fire fire) {}

  /** A fire waits; {@code what} names what for. Heard when what it waits for changes. */
  default void fireWaiting(Fire fire, String what) {}

  default void runStarted(Fire fire, Run run) {}

  /**
   * A fire ended: its run finished (summary present) or it needed none, failed before running, or
   * timed out (summary null).
   */
  default void fireFinished(Fire fire, FireStatus status, String detail, RunSummary summary) {}

  /** A tick failed (the state store could not be reached); the next tick tries again. */
  default void tickFailed(RuntimeException failure) {}
}
