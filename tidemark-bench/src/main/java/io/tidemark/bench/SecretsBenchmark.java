package io.tidemark.bench;

import io.tidemark.connectors.secret.EncryptedSecrets;
import io.tidemark.connectors.secret.SecretSettings;
import io.tidemark.connectors.secret.VaultTransit;
import io.tidemark.connectors.secret.VaultTransitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reading N secrets in one process, against a local server speaking Vault's transit protocol that
 * counts the calls it answers: with the data-key cache (the default settings), and, as the baseline
 * in the same run, with a cache that serves each unwrapped key once (one call per read).
 *
 * <p>{@code java -cp … io.tidemark.bench.SecretsBenchmark [N]} (default 1000).
 */
public final class SecretsBenchmark {
  private SecretsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path directory = Files.createTempDirectory("tidemark-secrets-bench");
    try (VaultTransitServer vault = new VaultTransitServer("bench-token")) {
      VaultTransit kms = new VaultTransit(vault.address(), "transit", "tidemark", "bench-token");
      Path file = directory.resolve("secrets.json");
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        values.put(
            "secret_" + i,
            "value-" + i + "-" + Long.toHexString(Double.doubleToLongBits(Math.random())));
      }
      new EncryptedSecrets(
              new SecretSettings(
                  file, kms, SecretSettings.DEFAULT_TTL, SecretSettings.DEFAULT_MAX_USES),
              Clock.systemUTC())
          .setAll(values);
      int encrypts = vault.encryptCalls();

      Result cached = read(vault, kms, file, values, SecretSettings.DEFAULT_MAX_USES);
      Result uncached = read(vault, kms, file, values, 1);
      System.out.printf(
          "secrets=%d  set: %d encrypt call(s)%n"
              + "cached (ttl %s, max_uses %d): %d decrypt call(s), %.1f ms%n"
              + "baseline (max_uses 1):        %d decrypt call(s), %.1f ms%n"
              + "calls ratio %.0fx, time ratio %.1fx%n",
          n,
          encrypts,
          SecretSettings.DEFAULT_TTL,
          SecretSettings.DEFAULT_MAX_USES,
          cached.calls,
          cached.millis,
          uncached.calls,
          uncached.millis,
          (double) uncached.calls / Math.max(1, cached.calls),
          uncached.millis / cached.millis);
    }
  }

  private record Result(int calls, double millis) {}

  private static Result read(
      VaultTransitServer vault,
      VaultTransit kms,
      Path file,
      Map<String, String> values,
      int maxUses) {
    int before = vault.decryptCalls();
    EncryptedSecrets reader =
        new EncryptedSecrets(
            new SecretSettings(file, kms, Duration.ofMinutes(15), maxUses), Clock.systemUTC());
    long start = System.nanoTime();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      if (!reader.reveal(entry.getKey()).equals(entry.getValue())) {
        throw new IllegalStateException("wrong value for " + entry.getKey());
      }
    }
    double millis = (System.nanoTime() - start) / 1e6;
    return new Result(vault.decryptCalls() - before, millis);
  }
}
