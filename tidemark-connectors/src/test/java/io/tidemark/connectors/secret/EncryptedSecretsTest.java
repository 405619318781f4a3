package io.tidemark.connectors.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connectors.support.SettableClock;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedSecretsTest {
  private static final String VALUE = "s3cr3t-Value-7f1c";

  @TempDir Path directory;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-05T10:00:00Z"));

  private EncryptedSecrets secrets(KeyManagementService kms, Duration ttl, int maxUses) {
    return new EncryptedSecrets(
        new SecretFile(directory.resolve("secrets.json")),
        new DataKeys(kms, ttl, maxUses, clock),
        clock);
  }

  private LocalKeyFile keyFile() {
    return new LocalKeyFile(directory.resolve("keys/master.key"));
  }

  @Test
  void aStoredSecretIsRevealedByAnotherProcessButIsNowhereInTheFiles() throws Exception {
    secrets(keyFile(), Duration.ofMinutes(5), 100).set("db_password", VALUE);

    assertThat(secrets(keyFile(), Duration.ofMinutes(5), 100).reveal("db_password"))
        .isEqualTo(VALUE);
    for (Path file : Files.walk(directory).filter(Files::isRegularFile).toList()) {
      assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
          .as(file.toString())
          .doesNotContain(VALUE);
    }
  }

  @Test
  void theKeyFileIsCreatedReadableByItsOwnerAlone() throws Exception {
    secrets(keyFile(), Duration.ofMinutes(5), 100).set("token", VALUE);

    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory.resolve("keys/master.key"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory.resolve("secrets.json"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aKeyFileOthersCanReadIsRefused() throws Exception {
    secrets(keyFile(), Duration.ofMinutes(5), 100).set("token", VALUE);
    Files.setPosixFilePermissions(
        directory.resolve("keys/master.key"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> secrets(keyFile(), Duration.ofMinutes(5), 100).reveal("token"))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("can be read by others")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void aThousandSecretsAreReadWithOneCallToTheKms() {
    EncryptedSecrets writer = secrets(keyFile(), Duration.ofMinutes(5), 100_000);
    java.util.Map<String, String> values = new java.util.HashMap<>();
    for (int i = 0; i < 1000; i++) {
      values.put("secret_" + i, VALUE + i);
    }
    writer.setAll(values);
    CountingKms kms = new CountingKms(keyFile());
    EncryptedSecrets reader = secrets(kms, Duration.ofMinutes(5), 100_000);

    for (int i = 0; i < 1000; i++) {
      assertThat(reader.reveal("secret_" + i)).isEqualTo(VALUE + i);
    }
    assertThat(kms.unwraps()).isEqualTo(1);
    assertThat(kms.wraps()).isZero();
  }

  @Test
  void aCachedDataKeyExpiresAfterItsTimeToLive() {
    secrets(keyFile(), Duration.ofMinutes(5), 100).set("a", VALUE);
    CountingKms kms = new CountingKms(keyFile());
    EncryptedSecrets reader = secrets(kms, Duration.ofMinutes(5), 100);

    reader.reveal("a");
    clock.advance(Duration.ofMinutes(4));
    reader.reveal("a");
    assertThat(kms.unwraps()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    reader.reveal("a");
    assertThat(kms.unwraps()).isEqualTo(2);
  }

  @Test
  void aCachedDataKeyServesAtMostItsMaximumUses() {
    secrets(keyFile(), Duration.ofMinutes(5), 100).set("a", VALUE);
    CountingKms kms = new CountingKms(keyFile());
    EncryptedSecrets reader = secrets(kms, Duration.ofHours(1), 3);

    for (int i = 0; i < 7; i++) {
      reader.reveal("a");
    }
    assertThat(kms.unwraps()).isEqualTo(3);
  }

  @Test
  void rotateGivesANewDataKeyAndDropsTheUnusedOne() {
    EncryptedSecrets secrets = secrets(keyFile(), Duration.ofMinutes(5), 100);
    secrets.set("a", VALUE);
    String before = secrets.list().get(0).dataKey();

    secrets.rotate("a", Optional.empty());

    assertThat(secrets.reveal("a")).isEqualTo(VALUE);
    assertThat(secrets.list().get(0).dataKey()).isNotEqualTo(before);
    secrets.rotate("a", Optional.of("new-value"));
    assertThat(secrets.reveal("a")).isEqualTo("new-value");
    assertThat(new SecretFile(directory.resolve("secrets.json")).read().dataKeys()).hasSize(1);
  }

  @Test
  void listDeleteAndUnknownNames() {
    EncryptedSecrets secrets = secrets(keyFile(), Duration.ofMinutes(5), 100);
    secrets.set("b", VALUE);
    secrets.set("a", VALUE);

    assertThat(secrets.list())
        .extracting(EncryptedSecrets.SecretInfo::name)
        .containsExactly("a", "b");
    assertThat(secrets.delete("a")).isTrue();
    assertThat(secrets.delete("a")).isFalse();
    assertThatThrownBy(() -> secrets.reveal("a"))
        .isInstanceOfSatisfying(
            TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("secret 'a' is not set");
    assertThatThrownBy(() -> secrets.rotate("zz", Optional.empty()))
        .hasMessageContaining("secret 'zz' is not set");
    assertThatThrownBy(() -> secrets.set("bad name", VALUE))
        .hasMessageContaining("not a valid secret name");
  }

  @Test
  void aCiphertextMovedToAnotherNameDoesNotDecrypt() throws Exception {
    EncryptedSecrets secrets = secrets(keyFile(), Duration.ofMinutes(5), 100);
    secrets.set("a", VALUE);
    secrets.set("b", "other");
    Path file = directory.resolve("secrets.json");
    SecretFile stored = new SecretFile(file);
    stored.update(
        contents -> {
          contents.secrets().put("b", contents.secrets().get("a"));
          return contents;
        });

    assertThatThrownBy(() -> secrets(keyFile(), Duration.ofMinutes(5), 100).reveal("b"))
        .hasMessageContaining("cannot be decrypted");
  }

  @Test
  void vaultTransitWrapsTheDataKeysAndItsRefusalIsReportedWithoutTheValue() throws Exception {
    try (VaultTransitServer vault = new VaultTransitServer("root-token")) {
      VaultTransit transit = new VaultTransit(vault.address(), "transit", "tidemark", "root-token");
      secrets(transit, Duration.ofMinutes(5), 100).set("token", VALUE);
      assertThat(vault.encryptCalls()).isEqualTo(1);

      EncryptedSecrets reader = secrets(transit, Duration.ofMinutes(5), 100);
      assertThat(reader.reveal("token")).isEqualTo(VALUE);
      assertThat(reader.reveal("token")).isEqualTo(VALUE);
      assertThat(vault.decryptCalls()).isEqualTo(1);

      vault.refuse();
      assertThatThrownBy(() -> secrets(transit, Duration.ofMinutes(5), 100).reveal("token"))
          .isInstanceOfSatisfying(
              TidemarkException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SECRETS))
          .hasMessageContaining("Vault transit key 'tidemark' at " + vault.address())
          .hasMessageContaining("permission denied")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(VALUE));
    }
  }

  @Test
  void anUnreachableVaultIsNamed() {
    VaultTransit transit =
        new VaultTransit(java.net.URI.create("http://127.0.0.1:9"), "transit", "k", "t");
    assertThatThrownBy(() -> secrets(transit, Duration.ofMinutes(5), 100).set("x", VALUE))
        .hasMessageContaining("cannot reach Vault transit key 'k' at http://127.0.0.1:9");
  }
}
