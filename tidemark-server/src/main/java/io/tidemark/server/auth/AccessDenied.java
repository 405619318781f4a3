package io.tidemark.server.auth;

import static java.util.Objects.requireNonNull;

/** A request refused before it reached its handler: 401, 403, answered as a problem document. */
public final class AccessDenied extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final String challenge;

  AccessDenied(int status, String title, String detail, String challenge) {
    super(requireNonNull(detail, "detail is null"), null, false, false);
    this.status = status;
    this.title = requireNonNull(title, "title is null");
    this.challenge = challenge;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The {@code WWW-Authenticate} header of a 401; null otherwise. */
  public String challenge() {
    return challenge;
  }
}
