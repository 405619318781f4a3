package io.tidemark.warehouse.spark;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import org.apache.spark.SparkThrowable;

/** Spark's errors as Tidemark's: by SQLSTATE class, whether another try can succeed. */
final class Errors {
  private Errors() {}

  /**
   * {@code QUERY} for errors the statement decides (data exceptions 22, constraint violations 23,
   * syntax and analysis 42, which include a missing table or column); {@code WAREHOUSE} for others.
   * Spark wraps a task's failure in a job's: the innermost Spark error says what happened.
   */
  static TidemarkException of(Throwable e, String doing) {
    if (e instanceof TidemarkException tidemark) {
      return tidemark;
    }
    Throwable cause = innermostSparkError(e);
    String state = cause instanceof SparkThrowable spark ? spark.getSqlState() : null;
    state = state == null ? "" : state;
    ErrorCode code =
        state.startsWith("22") || state.startsWith("23") || state.startsWith("42")
            ? ErrorCode.QUERY
            : ErrorCode.WAREHOUSE;
    return new TidemarkException(code, doing + message(cause), e);
  }

  static String message(Throwable e) {
    String message =
        e.getMessage() == null || e.getMessage().isBlank()
            ? e.getClass().getSimpleName()
            : e.getMessage().strip();
    // Spark follows its message with the plan or the SQL and a pointer, on further lines.
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }

  private static Throwable innermostSparkError(Throwable e) {
    Throwable found = e;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SparkThrowable spark && spark.getSqlState() != null) {
        found = t;
      }
    }
    return found;
  }
}
