package io.tidemark.cli.output;

import java.time.Duration;
import java.util.Locale;

/** Human-readable numbers, durations and sizes. */
public final class Formats {
  private Formats() {}

  public static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  public static String duration(Duration duration) {
    return millis(duration.toMillis());
  }

  public static String millis(long millis) {
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.2fs", millis / 1000.0);
    }
    long seconds = millis / 1000;
    return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
  }

  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** The first line of a message that may span several (engine errors often do). */
  public static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  public static String plural(long count, String word) {
    return count(count) + " " + word + (count == 1 ? "" : "s");
  }
}
