package io.tidemark.bench;

import io.tidemark.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CLI as its launcher runs it, then one more line: the process's peak resident memory as the
 * kernel counted it ({@code VmHWM} of {@code /proc/self/status}), after the command has closed the
 * warehouse, so the peak covers the run, its checkpoint and the close.
 */
public final class PeakResidentMain {
  /** The line's prefix; the figure follows in KiB. */
  static final String PREFIX = "peak resident KiB: ";

  private PeakResidentMain() {}

  public static void main(String[] args) throws IOException {
    PrintWriter out = new PrintWriter(System.out, true);
    int code = Main.execute(args, out, new PrintWriter(System.err, true));
    out.println(PREFIX + peakResidentKib());
    out.flush();
    System.exit(code);
  }

  /** {@code VmHWM} of this process, in KiB. */
  static long peakResidentKib() throws IOException {
    return statusField(Path.of("/proc/self/status"), "VmHWM:");
  }

  /** A memory field of a {@code /proc/PID/status} file, in KiB; -1 when the process is gone. */
  static long statusField(Path status, String field) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException e) {
      return -1; // the process ended while it was read
    }
    return -1;
  }
}
