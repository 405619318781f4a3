package io.tidemark.core.run;

import io.tidemark.core.plan.Plan;
import io.tidemark.core.plan.Task;
import io.tidemark.core.state.Run;

/** Hears about a run as it goes; the CLI prints from here. Called from several threads. */
public interface RunListener {
  RunListener NONE = new RunListener() {};

  default void runStarted(Run run, Plan plan) {}

  /**
   * Before the first task: how many of the source partitions the run reads for the first time have
   * been fingerprinted (and checked) so far.
   */
  default void sourcesScanned(long done, long total) {}

  default void taskStarted(Task task, int attempt) {}

  /**
   * @param done tasks finished so far (succeeded, failed for good, or skipped)
   * @param total tasks in the plan
   */
  default void taskFinished(TaskResult result, int done, int total) {}

  default void runFinished(RunSummary summary) {}

  /** This listener, then {@code next}, told of everything in that order. */
  default RunListener andThen(RunListener next) {
    java.util.Objects.requireNonNull(next, "next is null");
    RunListener first = this;
    return new RunListener() {
      @Override
      public void runStarted(Run run, Plan plan) {
        first.runStarted(run, plan);
        next.runStarted(run, plan);
      }

      @Override
      public void sourcesScanned(long done, long total) {
        first.sourcesScanned(done, total);
        next.sourcesScanned(done, total);
      }

      @Override
      public void taskStarted(Task task, int attempt) {
        first.taskStarted(task, attempt);
        next.taskStarted(task, attempt);
      }

      @Override
      public void taskFinished(TaskResult result, int done, int total) {
        first.taskFinished(result, done, total);
        next.taskFinished(result, done, total);
      }

      @Override
      public void runFinished(RunSummary summary) {
        first.runFinished(summary);
        next.runFinished(summary);
      }
    };
  }
}
