package io.tidemark.cli.command;

import io.tidemark.cli.output.Formats;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.Console;
import java.io.PrintWriter;

/**
 * Large work is started only when asked for: above {@code run.confirm_above} tasks a terminal is
 * asked, and a script must say {@code --yes}.
 */
final class Confirmation {
  private Confirmation() {}

  /**
   * Whether to go ahead with {@code tasks} tasks over {@code assets} assets.
   *
   * @param console the terminal to ask, or null when there is none (a script, a pipe)
   * @throws TidemarkException {@code INVALID_ARGUMENT} above the limit without a terminal or --yes
   */
  static boolean confirmed(
      long tasks, long assets, int confirmAbove, boolean yes, Console console, PrintWriter err) {
    if (tasks <= confirmAbove || yes) {
      return true;
    }
    String what =
        Formats.plural(tasks, "task")
            + " over "
            + Formats.plural(assets, "asset")
            + " planned, more than run.confirm_above ("
            + Formats.count(confirmAbove)
            + ")";
    if (console == null) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          what
              + ": pass --yes to run them, narrow --start, --end or --select, or raise"
              + " run.confirm_above in tidemark.yml");
    }
    err.print(what + ". Run them? [y/N] ");
    err.flush();
    String answer = console.readLine();
    boolean go =
        answer != null
            && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    if (!go) {
      err.println("Nothing run.");
    }
    return go;
  }
}
