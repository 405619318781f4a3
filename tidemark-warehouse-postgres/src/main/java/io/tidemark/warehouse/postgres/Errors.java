package io.tidemark.warehouse.postgres;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.sql.SQLException;

/** PostgreSQL's errors as Tidemark's: by SQLSTATE class, whether another try can succeed. */
final class Errors {
  private Errors() {}

  /**
   * {@code QUERY} for errors the statement decides (data exceptions 22, constraint violations 23,
   * syntax and access rules 42, which include a missing table or column); {@code WAREHOUSE} for
   * those another try may pass (connection 08, conflicts 40, resources 53, cancels 57).
   */
  static TidemarkException of(SQLException e, String doing) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    ErrorCode code =
        state.startsWith("22") || state.startsWith("23") || state.startsWith("42")
            ? ErrorCode.QUERY
            : ErrorCode.WAREHOUSE;
    return new TidemarkException(code, doing + message(e), e);
  }

  static String message(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // The server's detail and the position follow on further lines.
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
