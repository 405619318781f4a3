package io.tidemark.connectors.secret;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Data keys, made and unwrapped through the key-management service, with the unwrapped keys kept in
 * memory for a while: reading a thousand secrets under one data key costs one call to the service.
 * A cached key is dropped after its time-to-live or after {@code maxUses} uses, whichever comes
 * first, which bounds both how long a key sits in memory and how much one unwrap serves.
 */
final class DataKeys {
  private final KeyManagementService kms;
  private final int maxUses;
  private final Cache<String, Cached> cache;

  /** An unwrapped key and how often it served since it was unwrapped. */
  private record Cached(Aead aead, int uses) {}

  /** A new data key: its primitive, and its wrapped form to store. */
  record Created(Aead aead, byte[] wrapped) {}

  DataKeys(KeyManagementService kms, Duration ttl, int maxUses, Clock clock) {
    this.kms = requireNonNull(kms, "kms is null");
    requireNonNull(ttl, "ttl is null");
    requireNonNull(clock, "clock is null");
    if (maxUses < 1) {
      throw new IllegalArgumentException("maxUses must be at least 1, got " + maxUses);
    }
    this.maxUses = maxUses;
    // The cache's time is the injected clock's, so expiry is testable without waiting.
    this.cache =
        Caffeine.newBuilder()
            .expireAfter(Expiry.fromUnwrap(ttl))
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
    Tink.register();
  }

  /** A key lives {@code ttl} from its unwrap: counting its uses must not extend its life. */
  private static final class Expiry {
    private Expiry() {}

    static com.github.benmanes.caffeine.cache.Expiry<String, Cached> fromUnwrap(Duration ttl) {
      long nanos = ttl.toNanos();
      return new com.github.benmanes.caffeine.cache.Expiry<>() {
        @Override
        public long expireAfterCreate(String key, Cached value, long currentTime) {
          return nanos;
        }

        @Override
        public long expireAfterUpdate(
            String key, Cached value, long currentTime, long currentDuration) {
          // A key unwrapped again (its uses ran out) starts a new life; a counted use does not.
          return value.uses() <= 1 ? nanos : currentDuration;
        }

        @Override
        public long expireAfterRead(
            String key, Cached value, long currentTime, long currentDuration) {
          return currentDuration;
        }
      };
    }
  }

  String kmsDescription() {
    return kms.describe();
  }

  /** Makes a data key and wraps it: one call to the service. */
  Created create(String id) {
    try {
      KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      byte[] plain = TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
      byte[] wrapped;
      try {
        wrapped = kms.wrap(plain);
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
      Aead aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
      cache.put(id, new Cached(aead, 0));
      return new Created(aead, wrapped);
    } catch (GeneralSecurityException e) {
      throw new TidemarkException(ErrorCode.SECRETS, "cannot make a data key", e);
    }
  }

  /** The data key {@code id}, unwrapped from {@code wrapped} unless a cached copy may serve. */
  Aead aead(String id, byte[] wrapped) {
    Cached served =
        cache
            .asMap()
            .compute(
                id,
                (key, cached) ->
                    cached == null || cached.uses() >= maxUses
                        ? new Cached(unwrap(id, wrapped), 1)
                        : new Cached(cached.aead(), cached.uses() + 1));
    return served.aead();
  }

  private Aead unwrap(String id, byte[] wrapped) {
    byte[] plain = kms.unwrap(wrapped);
    try {
      return TinkProtoKeysetFormat.parseKeyset(plain, InsecureSecretKeyAccess.get())
          .getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new TidemarkException(
          ErrorCode.SECRETS, "data key " + id + " unwrapped by " + kms.describe() + " is corrupt");
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }
}
