package io.tidemark.core;

import static java.util.Objects.requireNonNull;

/** The one exception type of Tidemark: every failure carries an {@link ErrorCode}. */
public class TidemarkException extends RuntimeException {
  private final ErrorCode code;

  public TidemarkException(ErrorCode code, String message) {
    super(requireNonNull(message, "message is null"));
    this.code = requireNonNull(code, "code is null");
  }

  public TidemarkException(ErrorCode code, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorCode code() {
    return code;
  }
}
