package io.tidemark.anomaly;

import java.util.Locale;

/** Which departures from the expected range are reported. Learning ignores it. */
public enum Direction {
  BOTH,
  UP,
  DOWN;

  /** Whether a departure of this sign (positive: above the range) is reported. */
  public boolean reports(double sign) {
    return switch (this) {
      case BOTH -> true;
      case UP -> sign > 0;
      case DOWN -> sign < 0;
    };
  }

  /** Parses {@code both}, {@code up} or {@code down}, in any case. */
  public static Direction parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid direction '" + text + "': expected both, up or down");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
