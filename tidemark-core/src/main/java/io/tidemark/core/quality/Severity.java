package io.tidemark.core.quality;

import java.util.Locale;

/** What a failing check does: {@code warn} reports it; {@code error} also blocks the readers. */
public enum Severity {
  WARN,
  ERROR;

  public static Severity parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "warn", "warning" -> WARN;
      case "error" -> ERROR;
      default ->
          throw new IllegalArgumentException("severity must be warn or error, not '" + text + "'");
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
