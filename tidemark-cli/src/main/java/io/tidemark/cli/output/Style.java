package io.tidemark.cli.output;

/**
 * Terminal colours: on when writing to a terminal, off when piped or when {@code NO_COLOR} is set
 * (https://no-color.org), so logs and scripts get plain text.
 */
public final class Style {
  private static final String RESET = "\u001B[0m";

  private final boolean enabled;

  public Style(boolean enabled) {
    this.enabled = enabled;
  }

  public static Style detect(boolean forceOff) {
    boolean terminal = System.console() != null && System.getenv("NO_COLOR") == null;
    return new Style(terminal && !forceOff);
  }

  /** Whether colours are on. */
  public boolean enabled() {
    return enabled;
  }

  public String green(String text) {
    return paint("32", text);
  }

  public String red(String text) {
    return paint("31", text);
  }

  public String yellow(String text) {
    return paint("33", text);
  }

  public String bold(String text) {
    return paint("1", text);
  }

  public String dim(String text) {
    return paint("2", text);
  }

  private String paint(String code, String text) {
    return enabled ? "\u001B[" + code + "m" + text + RESET : text;
  }
}
