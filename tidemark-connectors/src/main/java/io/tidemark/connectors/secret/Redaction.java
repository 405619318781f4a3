package io.tidemark.connectors.secret;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.secret.SecretReferences;
import io.tidemark.core.secret.Secrets;
import java.util.ArrayList;
import java.util.List;

/**
 * The secret values one load revealed, replaced by {@code ***} in anything it reports: a server may
 * echo a password or a token back in its error message.
 */
public final class Redaction {
  private final Secrets secrets;
  private final List<String> values = new ArrayList<>();

  public Redaction(Secrets secrets) {
    this.secrets = requireNonNull(secrets, "secrets is null");
  }

  /** {@code text} with its {@code ${secret:NAME}} references expanded, each value remembered. */
  public String reveal(String text) {
    requireNonNull(text, "text is null");
    if (!SecretReferences.contains(text)) {
      return text;
    }
    for (String name : SecretReferences.names(text)) {
      String value = secrets.reveal(name);
      if (!value.isEmpty()) {
        values.add(value);
      }
    }
    return SecretReferences.expand(text, secrets);
  }

  /** {@code message} with every revealed value replaced. */
  public String apply(String message) {
    String redacted = message;
    for (String value : values) {
      redacted = redacted.replace(value, "***");
    }
    return redacted;
  }
}
