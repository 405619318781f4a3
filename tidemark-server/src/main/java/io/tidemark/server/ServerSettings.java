package io.tidemark.server;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.server.auth.AccessTokens;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How the server runs.
 *
 * @param port the HTTP port; 0 for any free one
 * @param tick how often the scheduler ticks: well within the lease's time to live
 * @param grace how long a stop lets running tasks finish before aborting them
 * @param concurrentRuns how many fires run at once
 * @param host the address to listen on; anything but a loopback address needs tokens
 * @param tokens the bearer tokens the API accepts; none: the API is open, on loopback only
 */
public record ServerSettings(
    int port, Duration tick, Duration grace, int concurrentRuns, String host, AccessTokens tokens) {
  /** Without tokens to check, the API answers on this machine only. */
  public static final String HOST = "127.0.0.1";

  public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(60);

  public ServerSettings {
    requireNonNull(tick, "tick is null");
    requireNonNull(grace, "grace is null");
    requireNonNull(host, "host is null");
    requireNonNull(tokens, "tokens is null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535: " + port);
    }
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive");
    }
    if (concurrentRuns < 1) {
      throw new IllegalArgumentException("concurrentRuns must be at least 1");
    }
    if (tokens.isEmpty() && !isLoopback(host)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "refusing to listen on "
              + host
              + " without tokens: anyone who reaches it could run and change everything. Add"
              + " server.tokens to tidemark.yml (`tidemark server token` makes one), or listen on"
              + " "
              + HOST);
    }
  }

  /** Open, on loopback. */
  public ServerSettings(int port, Duration tick, Duration grace, int concurrentRuns) {
    this(port, tick, grace, concurrentRuns, HOST, AccessTokens.NONE);
  }

  public static ServerSettings defaults(int port) {
    return new ServerSettings(port, DEFAULT_TICK, DEFAULT_GRACE, 4);
  }

  public ServerSettings withAccess(String host, AccessTokens tokens) {
    return new ServerSettings(port, tick, grace, concurrentRuns, host, tokens);
  }

  /** Whether {@code host} names only this machine: every address it resolves to is loopback. */
  static boolean isLoopback(String host) {
    String name = host.trim();
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.isEmpty()) {
      return false;
    }
    try {
      InetAddress[] addresses = InetAddress.getAllByName(name);
      for (InetAddress address : addresses) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return addresses.length > 0;
    } catch (UnknownHostException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "cannot listen on '" + host + "': no such address");
    }
  }
}
