package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The process that executes a run. A run marked running whose owner process is gone was interrupted
 * (killed, crashed) and is recognised as such on the next start.
 */
public record RunOwner(String host, long pid, Instant processStart) {
  public RunOwner {
    requireNonNull(host, "host is null");
    requireNonNull(processStart, "processStart is null");
  }
}
