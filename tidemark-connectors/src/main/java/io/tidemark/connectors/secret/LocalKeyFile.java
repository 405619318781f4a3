package io.tidemark.connectors.secret;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Set;

/**
 * The default key-management service: a master key in a local file (a Tink AES-256-GCM keyset),
 * created on first use readable and writable by its owner alone. Anyone who can read the file can
 * read the secrets, so it belongs outside the project's repository.
 */
public final class LocalKeyFile implements KeyManagementService {
  private static final byte[] CONTEXT = "tidemark data key".getBytes(StandardCharsets.UTF_8);
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path file;
  private Aead master;

  public LocalKeyFile(Path file) {
    this.file = requireNonNull(file, "file is null").toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return "local key file " + file;
  }

  @Override
  public byte[] wrap(byte[] dataKey) {
    try {
      return master(true).encrypt(dataKey, CONTEXT);
    } catch (GeneralSecurityException e) {
      throw new TidemarkException(ErrorCode.SECRETS, "cannot wrap a data key with " + describe());
    }
  }

  @Override
  public byte[] unwrap(byte[] wrappedDataKey) {
    try {
      return master(false).decrypt(wrappedDataKey, CONTEXT);
    } catch (GeneralSecurityException e) {
      throw new TidemarkException(
          ErrorCode.SECRETS,
          "cannot unwrap a data key with "
              + describe()
              + ": the key does not match (was the key file replaced?)");
    }
  }

  private synchronized Aead master(boolean create) {
    if (master != null) {
      return master;
    }
    try {
      if (!Files.exists(file)) {
        if (!create) {
          throw new TidemarkException(
              ErrorCode.SECRETS,
              "cannot read secrets: " + describe() + " does not exist (it holds the master key)");
        }
        createKeyFile();
      }
      checkPermissions();
      KeysetHandle handle =
          TinkJsonProtoKeysetFormat.parseKeyset(
              Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
      master = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
      return master;
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.SECRETS, "cannot read " + describe() + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new TidemarkException(
          ErrorCode.SECRETS, describe() + " does not hold a Tink AES-GCM keyset", e);
    }
  }

  private void createKeyFile() throws IOException, GeneralSecurityException {
    Tink.register();
    KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    String json = TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    try {
      // Created with its permissions, so the key is never readable by others, not even briefly.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException raced) {
      return;
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, json, StandardCharsets.UTF_8);
  }

  private void checkPermissions() throws IOException {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(permissions)) {
        throw new TidemarkException(
            ErrorCode.SECRETS,
            describe()
                + " can be read by others ("
                + PosixFilePermissions.toString(permissions)
                + "); make it rw------- (chmod 600)");
      }
    } catch (UnsupportedOperationException notPosix) {
      // No POSIX permissions on this file system: nothing to check.
    }
    Tink.register();
  }
}
