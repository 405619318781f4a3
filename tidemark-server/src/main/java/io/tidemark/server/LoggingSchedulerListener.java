package io.tidemark.server;

import io.tidemark.core.run.RunSummary;
import io.tidemark.core.schedule.Fire;
import io.tidemark.core.schedule.FireStatus;
import io.tidemark.core.schedule.Lease;
import io.tidemark.core.schedule.SchedulerListener;
import io.tidemark.core.state.Run;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs what the scheduler does, one line per event. */
final class LoggingSchedulerListener implements SchedulerListener {
  private static final Logger LOG = LoggerFactory.getLogger("io.tidemark.scheduler");

  @Override
  public void leaseTaken(Lease lease) {
    LOG.info("scheduling: this server holds the scheduler lease ({})", lease.holder());
  }

  @Override
  public void leaseHeldElsewhere(Lease lease) {
    LOG.info(
        "not scheduling: {} holds the scheduler lease (until {} unless renewed)",
        lease.holder(),
        lease.expiresAt());
  }

  @Override
  public void fireRecorded(Fire fire) {
    LOG.info("{} fires for {}", fire.schedule(), fire.fireTime());
  }

  @Override
  public void fireWaiting(Fire fire, String what) {
    LOG.info("{} fire of {} waits for: {}", fire.schedule(), fire.fireTime(), what);
  }

  @Override
  public void runStarted(Fire fire, Run run) {
    LOG.info(
        "{} fire of {} started run {} ({} tasks)",
        fire.schedule(),
        fire.fireTime(),
        run.id(),
        run.taskCount());
  }

  @Override
  public void fireFinished(Fire fire, FireStatus status, String detail, RunSummary summary) {
    if (status == FireStatus.SUCCEEDED) {
      LOG.info("{} fire of {}: {}", fire.schedule(), fire.fireTime(), detail);
    } else {
      LOG.warn("{} fire of {} {}: {}", fire.schedule(), fire.fireTime(), status, detail);
    }
  }

  @Override
  public void tickFailed(RuntimeException failure) {
    LOG.warn("scheduler tick failed, trying again: {}", failure.getMessage());
  }
}
