package io.tidemark.core.secret;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;

/**
 * Where the values behind {@code ${secret:NAME}} come from. Values are revealed only at the point
 * of use (a driver's connection properties, an HTTP header) and are never kept in a project, a
 * message, the state store or a log: everywhere else the reference itself is what shows.
 */
public interface Secrets {
  /** No secret store configured: every reference fails with a message naming it. */
  Secrets NONE =
      name -> {
        throw new TidemarkException(
            ErrorCode.NOT_FOUND,
            "secret '" + name + "' is not set (set it with `tidemark secrets set " + name + "`)");
      };

  /**
   * The value of a secret.
   *
   * @throws TidemarkException {@code NOT_FOUND} when there is no such secret, {@code SECRETS} when
   *     it cannot be decrypted (the key-management service refused or cannot be reached)
   */
  String reveal(String name);

  /**
   * Whether a secret of this name is stored, without revealing it: implementations answer from
   * their own index, with no call to a key-management service.
   */
  default boolean exists(String name) {
    try {
      reveal(name);
      return true;
    } catch (TidemarkException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}
