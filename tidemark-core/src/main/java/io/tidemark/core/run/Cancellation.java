package io.tidemark.core.run;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a running use case to stop, from any thread: a signal handler, an HTTP request, a server
 * shutting down. Draining lets the tasks in flight finish and starts nothing new; cancelling also
 * aborts the statements in flight. Either way the run is recorded as interrupted when tasks were
 * left, for a later run to complete.
 */
public final class Cancellation {
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final List<Runnable> onDrain = new CopyOnWriteArrayList<>();
  private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();

  /** What registering actions gives back: closing it forgets them. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** Starts nothing new; what is in flight finishes. */
  public void drain() {
    if (draining.compareAndSet(false, true)) {
      onDrain.forEach(Runnable::run);
    }
  }

  /** Starts nothing new and aborts what is in flight. */
  public void cancel() {
    drain();
    if (cancelled.compareAndSet(false, true)) {
      onCancel.forEach(Runnable::run);
    }
  }

  public boolean isDraining() {
    return draining.get();
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  /**
   * Runs {@code drain} when this drains and {@code cancel} when it is cancelled (at once when it
   * already is), until the returned registration is closed. The actions may run more than once and
   * must not mind.
   */
  public Registration register(Runnable drain, Runnable cancel) {
    requireNonNull(drain, "drain is null");
    requireNonNull(cancel, "cancel is null");
    onDrain.add(drain);
    onCancel.add(cancel);
    if (draining.get()) {
      drain.run();
    }
    if (cancelled.get()) {
      cancel.run();
    }
    return () -> {
      onDrain.remove(drain);
      onCancel.remove(cancel);
    };
  }

  /** Registers a run's executor: draining drains it, cancelling cancels it. */
  public Registration register(RunExecutor executor) {
    return register(executor::drain, executor::cancel);
  }
}
