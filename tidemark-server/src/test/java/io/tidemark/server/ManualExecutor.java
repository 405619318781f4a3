package io.tidemark.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/** Holds submitted work until the test runs it, so a test sees a run that has not ended yet. */
final class ManualExecutor implements Executor {
  private final Deque<Runnable> queued = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable work) {
    queued.addLast(work);
  }

  synchronized int queued() {
    return queued.size();
  }

  /** Runs everything queued so far, in order, on the calling thread. */
  void runAll() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = queued.pollFirst();
      }
      if (next == null) {
        return;
      }
      next.run();
    }
  }
}
