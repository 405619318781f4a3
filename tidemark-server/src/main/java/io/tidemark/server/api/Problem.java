package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.util.Locale;

/**
 * An error as RFC 9457 problem details: {@code type} names the kind of problem, {@code detail} says
 * what happened in the words the CLI uses.
 */
public record Problem(String type, String title, int status, String detail, String instance) {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPES = "https://tidemark.io/problems/";

  public Problem {
    requireNonNull(type, "type is null");
    requireNonNull(title, "title is null");
    requireNonNull(detail, "detail is null");
    requireNonNull(instance, "instance is null");
  }

  /** The problem a failure of Tidemark's is, with the HTTP status its error code maps to. */
  static Problem of(TidemarkException failure, String instance) {
    ErrorCode code = failure.code();
    return new Problem(
        TYPES + code.name().toLowerCase(Locale.ROOT).replace('_', '-'),
        title(code),
        status(code),
        failure.getMessage(),
        instance);
  }

  static Problem of(int status, String title, String detail, String instance) {
    return new Problem(TYPES + "http-" + status, title, status, detail, instance);
  }

  static int status(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT, INVALID_PROJECT -> 400;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case STATE_STORE, SECRETS -> 503;
      case SOURCE -> 502;
      case WAREHOUSE, QUERY, INTERNAL -> 500;
    };
  }

  private static String title(ErrorCode code) {
    return switch (code) {
      case INVALID_ARGUMENT -> "Invalid argument";
      case INVALID_PROJECT -> "Invalid project";
      case NOT_FOUND -> "Not found";
      case CONFLICT -> "Conflict";
      case STATE_STORE -> "State store unavailable";
      case SOURCE -> "Source unavailable";
      case SECRETS -> "Secrets unavailable";
      case WAREHOUSE -> "Warehouse error";
      case QUERY -> "Query error";
      case INTERNAL -> "Internal error";
    };
  }
}
