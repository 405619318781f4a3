package io.tidemark.connectors.secret;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.project.ProjectConfig;
import io.tidemark.core.project.YamlNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code secrets:} block of {@code tidemark.yml}: where the encrypted secrets are kept, which
 * key-management service wraps their data keys, and how long an unwrapped key is cached.
 *
 * <pre>
 * secrets:
 *   file: .tidemark/secrets.json        # the default
 *   kms: {type: local, key_file: .tidemark/master.key}
 *   # kms: {type: vault, address: http://127.0.0.1:8200, key: tidemark, token_env: VAULT_TOKEN}
 *   cache: {ttl: 15m, max_uses: 100000}
 * </pre>
 */
public record SecretSettings(
    Path file, KeyManagementService kms, Duration cacheTtl, int cacheMaxUses) {
  public static final String DEFAULT_FILE = ".tidemark/secrets.json";
  public static final String DEFAULT_KEY_FILE = ".tidemark/master.key";
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
  public static final int DEFAULT_MAX_USES = 100_000;

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  public SecretSettings {
    requireNonNull(file, "file is null");
    requireNonNull(kms, "kms is null");
    requireNonNull(cacheTtl, "cacheTtl is null");
  }

  /** The defaults, for a project whose {@code tidemark.yml} has no {@code secrets:} block. */
  public static SecretSettings defaults(Path root) {
    return new SecretSettings(
        root.resolve(DEFAULT_FILE),
        new LocalKeyFile(root.resolve(DEFAULT_KEY_FILE)),
        DEFAULT_TTL,
        DEFAULT_MAX_USES);
  }

  /** Reads the {@code secrets:} block of the project's {@code tidemark.yml}. */
  public static SecretSettings read(Path projectRoot, UnaryOperator<String> environment) {
    Path root = projectRoot.toAbsolutePath().normalize();
    Path configFile = root.resolve(ProjectConfig.FILE_NAME);
    if (!Files.isRegularFile(configFile)) {
      return defaults(root);
    }
    YamlNode config = YamlNode.read(configFile, Path.of(ProjectConfig.FILE_NAME));
    if (!config.isMapping() || config.get("secrets").isEmpty()) {
      return defaults(root);
    }
    YamlNode secrets = config.get("secrets").get();
    secrets.requireKnownKeys("secrets", "file", "kms", "cache");
    Path file = root.resolve(secrets.text("file", DEFAULT_FILE));
    KeyManagementService kms = new LocalKeyFile(root.resolve(DEFAULT_KEY_FILE));
    if (secrets.get("kms").isPresent()) {
      kms = kms(secrets.get("kms").get(), root, environment);
    }
    Duration ttl = DEFAULT_TTL;
    int maxUses = DEFAULT_MAX_USES;
    if (secrets.get("cache").isPresent()) {
      YamlNode cache = secrets.get("cache").get();
      cache.requireKnownKeys("secrets cache", "ttl", "max_uses");
      if (cache.get("ttl").isPresent()) {
        ttl = duration(cache.get("ttl").get());
      }
      maxUses = cache.integer("max_uses", maxUses);
      if (maxUses < 1) {
        throw cache.get("max_uses").orElseThrow().error("max_uses must be at least 1");
      }
    }
    return new SecretSettings(file, kms, ttl, maxUses);
  }

  private static KeyManagementService kms(
      YamlNode node, Path root, UnaryOperator<String> environment) {
    String type = node.text("type", "local");
    switch (type) {
      case "local" -> {
        node.requireKnownKeys("kms (local)", "type", "key_file");
        return new LocalKeyFile(root.resolve(node.text("key_file", DEFAULT_KEY_FILE)));
      }
      case "vault" -> {
        node.requireKnownKeys("kms (vault)", "type", "address", "mount", "key", "token_env");
        YamlNode address =
            node.get("address").orElseThrow(() -> node.error("a vault kms needs an address"));
        URI uri;
        try {
          uri = URI.create(address.text());
        } catch (IllegalArgumentException e) {
          throw address.error("'" + address.text() + "' is not a URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
          throw address.error("the vault address must be an http(s) URL, got '" + uri + "'");
        }
        String tokenVariable = node.text("token_env", "VAULT_TOKEN");
        String token = environment.apply(tokenVariable);
        if (token == null || token.isBlank()) {
          throw node.error(
              "the vault token is read from environment variable "
                  + tokenVariable
                  + ", which is not set");
        }
        return new VaultTransit(
            uri, node.text("mount", "transit"), node.text("key", "tidemark"), token);
      }
      default ->
          throw node.get("type")
              .orElseThrow()
              .error("unknown kms type '" + type + "' (expected local or vault)");
    }
  }

  private static Duration duration(YamlNode node) {
    Matcher matcher = DURATION.matcher(node.text().trim());
    if (!matcher.matches()) {
      throw node.error("'" + node.text() + "' is not a duration (examples: 500ms, 2s, 1m, 1h)");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
