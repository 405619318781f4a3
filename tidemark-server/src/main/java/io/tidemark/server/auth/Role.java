package io.tidemark.server.auth;

import java.util.Locale;

/** What a token may do: read answers every GET; operator may also change state (POST). */
public enum Role {
  READ,
  OPERATOR;

  public boolean mayWrite() {
    return this == OPERATOR;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
