package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Style;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.warehouse.WarehouseStorage;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;

/**
 * Checkpoints the warehouse once a command has written to it, saying so while it happens: an
 * embedded engine otherwise does this work when the file is closed, a wait with nothing on the
 * screen.
 */
final class WarehouseCheckpoint {
  private WarehouseCheckpoint() {}

  /**
   * Checkpoints after {@code summary}'s run; prints the progress and the file's size on {@code out}
   * unless it is null. An interrupted run is left to exit at once: closing still checkpoints.
   */
  static Optional<WarehouseStorage> run(
      Workspace workspace, RunSummary summary, PrintWriter out, Style style) {
    if (summary.status() == RunStatus.INTERRUPTED || !workspace.warehouse().checkpoints()) {
      return Optional.empty();
    }
    if (out != null) {
      out.print(style.dim("Checkpointing the warehouse… "));
      out.flush();
    }
    Optional<WarehouseStorage> storage = workspace.warehouse().checkpoint();
    if (out != null) {
      out.println(
          storage.map(WarehouseCheckpoint::describe).orElse("left to the engine (it is busy)"));
      out.flush();
    }
    return storage;
  }

  static String describe(WarehouseStorage storage) {
    return String.format(
        Locale.ROOT,
        "%s; the file is %s, %s of it in use (%.2fx)",
        Formats.duration(storage.checkpoint()),
        Formats.bytes(storage.fileSize().bytes()),
        Formats.bytes(storage.used().bytes()),
        storage.ratio());
  }
}
