package io.tidemark.core.state;

/** The outcome of one attempt at one task (asset, partition). */
public enum TaskStatus {
  RUNNING,
  SUCCEEDED,
  /** Failed; a later attempt may still succeed. */
  FAILED,
  /** Not attempted because something it needs failed; the reason says what. */
  SKIPPED,
  /** The run stopped while this attempt was in flight. */
  INTERRUPTED
}
