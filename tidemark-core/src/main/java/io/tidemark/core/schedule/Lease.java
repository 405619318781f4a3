package io.tidemark.core.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Who may schedule: at most one holder per state store, until its lease expires unrenewed.
 *
 * @param holder empty when nobody holds it
 */
public record Lease(String holder, Instant acquiredAt, Instant expiresAt) {
  public Lease {
    requireNonNull(holder, "holder is null");
    requireNonNull(acquiredAt, "acquiredAt is null");
    requireNonNull(expiresAt, "expiresAt is null");
  }

  /** Whether {@code candidate} holds the lease at {@code now}. */
  public boolean isHeldBy(String candidate, Instant now) {
    return holder.equals(candidate) && expiresAt.isAfter(now);
  }
}
