package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that executes a run. A run marked running whose owner process is gone was interrupted
 * (killed, crashed) and is recognised as such on the next start.
 */
public record RunOwner(String host, long pid, Instant processStart) {
  public RunOwner {
    requireNonNull(host, "host is null");
    requireNonNull(processStart, "processStart is null");
  }

  /** This process, as the owner of the runs it starts. */
  public static RunOwner current() {
    ProcessHandle self = ProcessHandle.current();
    Instant start = self.info().startInstant().orElse(Instant.EPOCH);
    return new RunOwner(hostName(), self.pid(), start);
  }

  /**
   * Whether this owner is gone: it ran on this host and its process no longer exists (or the pid
   * now belongs to a younger process). Owners on other hosts are not judged here.
   */
  public boolean isGone() {
    if (!host.equals(hostName())) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    Optional<Instant> started = process.get().info().startInstant();
    return started.isPresent()
        && !processStart.equals(Instant.EPOCH)
        && started.get().toEpochMilli() != processStart.toEpochMilli();
  }

  /** The name of this host, as runs record it. */
  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
