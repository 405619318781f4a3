package io.tidemark.connectors.secret;

/**
 * Wraps and unwraps data keys: the key-encryption side of envelope encryption. A secret's value is
 * encrypted locally under a data key; only the data key travels to the service, and only its
 * wrapped form is stored.
 *
 * <p>Failures surface as {@link io.tidemark.core.TidemarkException} with code {@code SECRETS} and a
 * message that names the service but never a key or a value.
 */
public interface KeyManagementService {
  /** Where the master key lives, for messages: a file, or a server and key name. */
  String describe();

  byte[] wrap(byte[] dataKey);

  byte[] unwrap(byte[] wrappedDataKey);
}
