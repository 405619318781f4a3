package io.tidemark.core.run;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

/**
 * What one task attempt printed, kept with the attempt: the statement it ran, what it wrote and
 * checked, and the warehouse's error with its causes. Lines are stamped with the run's clock. A log
 * stops growing at {@link #MAX_CHARS}, so a runaway statement cannot fill the state store.
 */
final class AttemptLog {
  static final int MAX_CHARS = 64 * 1024;

  private final Clock clock;
  private final StringBuilder text = new StringBuilder();
  private boolean truncated;

  AttemptLog(Clock clock) {
    this.clock = requireNonNull(clock, "clock is null");
  }

  void line(String line) {
    append(clock.instant().truncatedTo(ChronoUnit.MILLIS) + " " + line + "\n");
  }

  /** A multi-line text (a statement) under a heading, indented. */
  void block(String heading, String body) {
    StringBuilder indented = new StringBuilder();
    body.strip().lines().forEach(line -> indented.append("    ").append(line).append('\n'));
    line(heading + ":");
    append(indented.toString());
  }

  /** A failure and every cause under it, with the SQL state where the warehouse gave one. */
  void failure(Throwable failure) {
    Set<Throwable> seen = new HashSet<>();
    String prefix = "error: ";
    for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
      String state =
          cause instanceof SQLException sql && sql.getSQLState() != null
              ? " [SQL state " + sql.getSQLState() + "]"
              : "";
      line(prefix + cause.getClass().getName() + state + ": " + cause.getMessage());
      prefix = "caused by: ";
    }
  }

  private void append(String more) {
    if (truncated) {
      return;
    }
    if (text.length() + more.length() > MAX_CHARS) {
      text.append(more, 0, Math.max(0, MAX_CHARS - text.length())).append("\n[log truncated]\n");
      truncated = true;
      return;
    }
    text.append(more);
  }

  String text() {
    return text.toString();
  }
}
