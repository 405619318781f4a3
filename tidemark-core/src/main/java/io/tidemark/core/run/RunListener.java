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
}
