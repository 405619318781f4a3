package io.tidemark.core.run;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a running use case to stop, from any thread: a signal handler, an HTTP request, a scheduler
 * shutting down. A run that is cancelled starts nothing new, aborts the statements in flight and is
 * recorded as interrupted.
 */
public final class Cancellation {
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final List<Runnable> actions = new CopyOnWriteArrayList<>();

  /** What a registered action gives back: closing it forgets the action. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** Cancels: every registered action runs once, now; actions registered later run at once. */
  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      actions.forEach(Runnable::run);
    }
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  /**
   * Runs {@code action} when this is cancelled (at once when it already is), until the returned
   * registration is closed. The action may run more than once and must not mind.
   */
  public Registration onCancel(Runnable action) {
    requireNonNull(action, "action is null");
    actions.add(action);
    if (cancelled.get()) {
      action.run();
    }
    return () -> actions.remove(action);
  }
}
