package io.tidemark.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the server runs.
 *
 * @param port the HTTP port; 0 for any free one
 * @param tick how often the scheduler ticks: well within the lease's time to live
 * @param grace how long a stop lets running tasks finish before aborting them
 * @param concurrentRuns how many fires run at once
 */
public record ServerSettings(int port, Duration tick, Duration grace, int concurrentRuns) {
  /** Without tokens to check, the API answers on this machine only. */
  public static final String HOST = "127.0.0.1";

  public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(60);

  public ServerSettings {
    requireNonNull(tick, "tick is null");
    requireNonNull(grace, "grace is null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535: " + port);
    }
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive");
    }
    if (concurrentRuns < 1) {
      throw new IllegalArgumentException("concurrentRuns must be at least 1");
    }
  }

  public static ServerSettings defaults(int port) {
    return new ServerSettings(port, DEFAULT_TICK, DEFAULT_GRACE, 4);
  }
}
