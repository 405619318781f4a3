package io.tidemark.connectors.secret;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.Aead;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.secret.SecretReferences;
import io.tidemark.core.secret.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Secrets by envelope encryption: each value is encrypted with AES-256-GCM (Tink) under a data key,
 * with the secret's name as associated data so a ciphertext cannot be passed off as another
 * secret's; data keys are stored only wrapped by the key-management service. New secrets share the
 * current data key; {@link #rotate} gives a secret a new one.
 */
public final class EncryptedSecrets implements Secrets {
  private final SecretFile file;
  private final DataKeys dataKeys;
  private final Clock clock;

  /** The file as read once per process for reveals: a run reads many secrets, the file once. */
  private volatile SecretFile.Contents snapshot;

  /** What {@link #list} tells of a secret: never its value. */
  public record SecretInfo(String name, Instant createdAt, Instant updatedAt, String dataKey) {}

  public EncryptedSecrets(SecretSettings settings, Clock clock) {
    this(
        new SecretFile(settings.file()),
        new DataKeys(settings.kms(), settings.cacheTtl(), settings.cacheMaxUses(), clock),
        clock);
  }

  EncryptedSecrets(SecretFile file, DataKeys dataKeys, Clock clock) {
    this.file = requireNonNull(file, "file is null");
    this.dataKeys = requireNonNull(dataKeys, "dataKeys is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Stores a secret, replacing any value it had, under the current data key. */
  public void set(String name, String value) {
    checkName(name);
    requireNonNull(value, "value is null");
    update(name, value, false, false);
  }

  /**
   * Gives an existing secret a new data key and, when {@code value} is present, a new value; the
   * new key becomes the one later secrets are stored under.
   */
  public void rotate(String name, Optional<String> value) {
    checkName(name);
    requireNonNull(value, "value is null");
    update(name, value.orElse(null), true, true);
  }

  /** Removes a secret; false when there was none. */
  public boolean delete(String name) {
    checkName(name);
    boolean[] found = new boolean[1];
    file.update(
        contents -> {
          found[0] = contents.secrets().remove(name) != null;
          return contents.pruned();
        });
    snapshot = null;
    return found[0];
  }

  /** The stored secrets by name, without their values. */
  public List<SecretInfo> list() {
    List<SecretInfo> infos = new ArrayList<>();
    file.read()
        .secrets()
        .forEach(
            (name, entry) ->
                infos.add(
                    new SecretInfo(name, entry.createdAt(), entry.updatedAt(), entry.dataKey())));
    infos.sort(java.util.Comparator.comparing(SecretInfo::name));
    return infos;
  }

  @Override
  public boolean exists(String name) {
    return contents().secrets().containsKey(name);
  }

  @Override
  public String reveal(String name) {
    SecretFile.Entry entry = contents().secrets().get(name);
    if (entry == null) {
      throw new TidemarkException(
          ErrorCode.NOT_FOUND,
          "secret '"
              + name
              + "' is not set in "
              + file.path()
              + " (set it with `tidemark secrets set "
              + name
              + "`)");
    }
    SecretFile.DataKey key = contents().dataKeys().get(entry.dataKey());
    if (key == null) {
      throw new TidemarkException(
          ErrorCode.SECRETS,
          "secret '" + name + "' names data key " + entry.dataKey() + ", which is not stored");
    }
    return decrypt(name, dataKeys.aead(entry.dataKey(), key.wrapped()), entry);
  }

  private SecretFile.Contents contents() {
    SecretFile.Contents current = snapshot;
    if (current == null) {
      current = file.read();
      snapshot = current;
    }
    return current;
  }

  private void update(String name, String value, boolean mustExist, boolean newKey) {
    java.util.Map<String, String> values = new java.util.HashMap<>();
    values.put(name, value);
    update(values, mustExist, newKey);
  }

  /**
   * Stores many secrets in one change of the file, replacing the values of those that exist: what
   * an import or a fixture needs, where one write per secret would rewrite the file each time.
   */
  public void setAll(java.util.Map<String, String> values) {
    values.forEach(
        (name, value) -> {
          checkName(name);
          requireNonNull(value, "value of " + name + " is null");
        });
    update(new java.util.LinkedHashMap<>(values), false, false);
  }

  /** A null value keeps the secret's current one (re-encrypted under the new key). */
  private void update(java.util.Map<String, String> values, boolean mustExist, boolean newKey) {
    Instant now = clock.instant();
    file.update(
        contents -> {
          SecretFile.Contents target = contents;
          String keyId = contents.currentDataKey();
          Aead aead;
          if (newKey || keyId.isEmpty() || !contents.dataKeys().containsKey(keyId)) {
            for (String name : values.keySet()) {
              if (mustExist && !contents.secrets().containsKey(name)) {
                throw new TidemarkException(
                    ErrorCode.NOT_FOUND,
                    "secret '"
                        + name
                        + "' is not set; `tidemark secrets set "
                        + name
                        + "` stores it");
              }
            }
            keyId = "dk-" + UUID.randomUUID();
            DataKeys.Created created = dataKeys.create(keyId);
            contents.dataKeys().put(keyId, new SecretFile.DataKey(created.wrapped(), now));
            target = contents.withCurrent(keyId);
            aead = created.aead();
          } else {
            aead = dataKeys.aead(keyId, contents.dataKeys().get(keyId).wrapped());
          }
          for (java.util.Map.Entry<String, String> entry : values.entrySet()) {
            String name = entry.getKey();
            SecretFile.Entry existing = contents.secrets().get(name);
            if (mustExist && existing == null) {
              throw new TidemarkException(
                  ErrorCode.NOT_FOUND,
                  "secret '"
                      + name
                      + "' is not set; `tidemark secrets set "
                      + name
                      + "` stores it");
            }
            String plain = entry.getValue();
            if (plain == null) {
              SecretFile.DataKey oldKey = contents.dataKeys().get(existing.dataKey());
              plain = decrypt(name, dataKeys.aead(existing.dataKey(), oldKey.wrapped()), existing);
            }
            byte[] ciphertext;
            try {
              ciphertext = aead.encrypt(plain.getBytes(StandardCharsets.UTF_8), associated(name));
            } catch (GeneralSecurityException e) {
              throw new TidemarkException(
                  ErrorCode.SECRETS, "cannot encrypt secret '" + name + "'");
            }
            target
                .secrets()
                .put(
                    name,
                    new SecretFile.Entry(
                        keyId, ciphertext, existing == null ? now : existing.createdAt(), now));
          }
          return target.pruned();
        });
    snapshot = null;
  }

  private String decrypt(String name, Aead aead, SecretFile.Entry entry) {
    try {
      return new String(aead.decrypt(entry.ciphertext(), associated(name)), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new TidemarkException(
          ErrorCode.SECRETS,
          "secret '" + name + "' cannot be decrypted: its ciphertext or data key was altered");
    }
  }

  private static byte[] associated(String name) {
    return ("tidemark secret " + name).getBytes(StandardCharsets.UTF_8);
  }

  private static void checkName(String name) {
    requireNonNull(name, "name is null");
    if (!SecretReferences.isName(name)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "'"
              + name
              + "' is not a valid secret name (letters, digits, _ . -; starting with a letter or _)");
    }
  }
}
