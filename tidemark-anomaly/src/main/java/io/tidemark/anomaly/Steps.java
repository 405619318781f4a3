package io.tidemark.anomaly;

import java.time.Duration;

/** Human words for a series' step: "1 day", "5 minutes". */
public final class Steps {
  private Steps() {}

  public static String describe(Duration duration) {
    long seconds = duration.getSeconds();
    if (duration.getNano() != 0 || seconds == 0) {
      return duration.toString();
    }
    if (seconds % 86_400 == 0) {
      return plural(seconds / 86_400, "day");
    }
    if (seconds % 3_600 == 0) {
      return plural(seconds / 3_600, "hour");
    }
    if (seconds % 60 == 0) {
      return plural(seconds / 60, "minute");
    }
    return plural(seconds, "second");
  }

  private static String plural(long count, String unit) {
    return count + " " + unit + (count == 1 ? "" : "s");
  }
}
