package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.plan.Plan;
import io.tidemark.core.repair.RepairService;
import io.tidemark.core.repair.Resumption;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.Run;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stored repairs in the background, for requests that should not wait for a whole repair. A
 * start answers once the repair's run is recorded, so a repair that cannot start (one overlapping
 * it is running) is refused with the store's reason, and nothing runs.
 */
final class RepairStarts {
  private static final Logger LOG = LoggerFactory.getLogger(RepairStarts.class);

  private final RepairService service;
  private final RunOptions options;
  private final Duration startWait;
  private final ExecutorService executor;

  private final Supplier<RunListener> listeners;

  /**
   * @param listeners a listener for each repair run (the server's metrics and alerts)
   */
  RepairStarts(
      RepairService service,
      RunOptions options,
      Duration startWait,
      Supplier<RunListener> listeners) {
    this.listeners = requireNonNull(listeners, "listeners is null");
    this.service = requireNonNull(service, "service is null");
    this.options = requireNonNull(options, "options is null");
    this.startWait = requireNonNull(startWait, "startWait is null");
    AtomicInteger count = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            work -> {
              Thread thread = new Thread(work, "tidemark-repair-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts running what is left of a stored repair and returns its run once recorded.
   *
   * @throws TidemarkException {@code CONFLICT} when a running repair overlaps it
   */
  Run start(Resumption resumption) {
    CompletableFuture<Run> started = new CompletableFuture<>();
    RunListener next = listeners.get();
    RunListener listener =
        new RunListener() {
          @Override
          public void runStarted(Run run, Plan plan) {
            started.complete(run);
            next.runStarted(run, plan);
          }

          @Override
          public void taskStarted(io.tidemark.core.plan.Task task, int attempt) {
            next.taskStarted(task, attempt);
          }

          @Override
          public void taskFinished(io.tidemark.core.run.TaskResult result, int done, int total) {
            next.taskFinished(result, done, total);
          }

          @Override
          public void runFinished(RunSummary summary) {
            next.runFinished(summary);
          }
        };
    long id = resumption.repair().id();
    executor.execute(
        () -> {
          try {
            RunSummary summary =
                service.run(
                    resumption.repair(),
                    resumption.remaining(),
                    options,
                    listener,
                    new Cancellation());
            LOG.info("repair {} ended: {}", id, summary.status());
          } catch (RuntimeException e) {
            if (!started.completeExceptionally(e)) {
              LOG.warn("repair {} failed", id, e);
            }
          }
        });
    try {
      return started.get(startWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new TidemarkException(ErrorCode.INTERNAL, "repair " + id + " did not start", e);
    } catch (TimeoutException e) {
      throw new TidemarkException(
          ErrorCode.INTERNAL,
          "repair " + id + " did not start within " + startWait.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TidemarkException(ErrorCode.INTERNAL, "interrupted while starting repair " + id);
    }
  }
}
