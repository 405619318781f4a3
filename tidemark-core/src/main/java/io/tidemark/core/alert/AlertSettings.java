package io.tidemark.core.alert;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * The {@code alerts} block of {@code tidemark.yml}.
 *
 * @param uiUrl the web UI's address, for links in messages; empty for none
 * @param repeatWindow within it, an alert with the same key is a reply in the first one's thread,
 *     not a new message
 * @param schedulerLagLimit a fire starting later than this after its time is "the scheduler falling
 *     behind"
 * @param channels where alerts go
 */
public record AlertSettings(
    String uiUrl, Duration repeatWindow, Duration schedulerLagLimit, List<SlackChannel> channels) {
  public static final AlertSettings NONE =
      new AlertSettings("", Duration.ofHours(1), Duration.ofMinutes(15), List.of());

  public AlertSettings {
    requireNonNull(uiUrl, "uiUrl is null");
    requireNonNull(repeatWindow, "repeatWindow is null");
    requireNonNull(schedulerLagLimit, "schedulerLagLimit is null");
    channels = List.copyOf(requireNonNull(channels, "channels is null"));
  }
}
