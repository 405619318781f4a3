package io.tidemark.server.auth;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;

/**
 * A token the server accepts, as configured: its name (who holds it), its role, and the SHA-256 of
 * its text. The text itself is never stored.
 */
public record AccessToken(String name, Role role, byte[] sha256) {
  public AccessToken {
    requireNonNull(name, "name is null");
    requireNonNull(role, "role is null");
    requireNonNull(sha256, "sha256 is null");
    if (sha256.length != 32) {
      throw new IllegalArgumentException("sha256 must be 32 bytes");
    }
    sha256 = sha256.clone();
  }

  /**
   * Whether {@code digest} (the SHA-256 of a presented token) is this token's, in constant time.
   */
  boolean matches(byte[] digest) {
    return MessageDigest.isEqual(sha256, digest);
  }
}
