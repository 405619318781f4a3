package io.tidemark.warehouse.duckdb;

import io.tidemark.core.ErrorCode;
import java.sql.SQLException;
import java.util.regex.Pattern;

/** Turns DuckDB's multi-paragraph error text into the one line a user needs. */
final class EngineMessages {
  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*\\R\\s*");

  private EngineMessages() {}

  /**
   * The first paragraph of the message: the error and any "Did you mean" hint, without the echoed
   * SQL with its caret (it points into the statement Tidemark wrapped around the model, not the
   * model) and without the stack trace of internal errors.
   */
  /**
   * {@code QUERY} for errors the statement's text decides (DuckDB names its kinds: "Binder Error",
   * "Conversion Error" …); {@code WAREHOUSE} for those that may pass on another try (I/O, memory, a
   * transaction conflict).
   */
  static ErrorCode code(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return DETERMINISTIC.matcher(message).lookingAt() ? ErrorCode.QUERY : ErrorCode.WAREHOUSE;
  }

  private static final Pattern DETERMINISTIC =
      Pattern.compile(
          "(?:java\\.sql\\.SQLException: )?(Parser|Binder|Catalog|Conversion|Constraint|Invalid Input"
              + "|Out of Range|Not implemented|Type|Dependency|Permission|Syntax|Invalid type"
              + "|Sequence|Serialization|Invalid Configuration) Error");

  static String of(SQLException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int paragraph = message.indexOf("\n\n");
    if (paragraph > 0) {
      message = message.substring(0, paragraph);
    }
    int stackTrace = message.indexOf("Stack Trace");
    if (stackTrace > 0) {
      message = message.substring(0, stackTrace);
    }
    message = LINE_BREAKS.matcher(message.strip()).replaceAll(" ");
    if (message.contains(FILE_ACCESS_OFF)) {
      message +=
          " (this project's warehouse reads no files: allow a directory under file_access: in"
              + " tidemark.yml)";
    }
    return message;
  }

  /** What DuckDB says when a query touches a file while external access is off. */
  private static final String FILE_ACCESS_OFF = "file system operations are disabled";
}
