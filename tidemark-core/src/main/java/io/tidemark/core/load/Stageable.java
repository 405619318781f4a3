package io.tidemark.core.load;

/**
 * A warehouse session that can take loaded rows: it stages them with its engine's bulk path (see
 * {@link Staging}). An engine's session implements this when the engine supports loads.
 */
public interface Stageable {
  /** A staging area of this session; staged tables are the session's own. */
  Staging staging();
}
