package io.tidemark.server.auth;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.project.ProjectConfig;
import io.tidemark.core.project.YamlNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer tokens the API accepts, read from {@code server.tokens} in {@code tidemark.yml}:
 *
 * <pre>
 * server:
 *   tokens:
 *     - name: ci
 *       role: operator      # or read
 *       sha256: 9f86d0…     # `tidemark server token` prints a new token and this line
 * </pre>
 *
 * <p>Only the SHA-256 of a token is configured. Tokens are 256 random bits, so a fast hash is
 * enough: nobody can search that space, and checking a request costs microseconds, where a password
 * hash (bcrypt, Argon2) would cost tens of milliseconds on every request.
 */
public final class AccessTokens {
  public static final AccessTokens NONE = new AccessTokens(List.of());

  /** What every token starts with, so a leaked one is easy to recognise (and to grep for). */
  public static final String PREFIX = "tdm_";

  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]*");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<AccessToken> tokens;

  public AccessTokens(List<AccessToken> tokens) {
    this.tokens = List.copyOf(requireNonNull(tokens, "tokens is null"));
  }

  /** The tokens of the project at {@code root}; none when {@code server.tokens} is not set. */
  public static AccessTokens read(Path root) {
    Path file = root.resolve(ProjectConfig.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return NONE;
    }
    YamlNode config = YamlNode.read(file, Path.of(ProjectConfig.FILE_NAME));
    if (!config.isMapping()) {
      return NONE;
    }
    Optional<YamlNode> server = config.get("server");
    if (server.isEmpty()) {
      return NONE;
    }
    server.get().requireKnownKeys("server", "tokens");
    Optional<YamlNode> list = server.get().get("tokens");
    if (list.isEmpty()) {
      return NONE;
    }
    List<AccessToken> tokens = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    for (YamlNode item : list.get().items()) {
      if (!item.isMapping()) {
        throw item.error("a token is a mapping with name, role and sha256");
      }
      item.requireKnownKeys("a server token", "name", "role", "sha256");
      YamlNode name = required(item, "name");
      YamlNode role = required(item, "role");
      YamlNode hash = required(item, "sha256");
      if (!NAME.matcher(name.text()).matches()) {
        throw name.error(
            "token name '" + name.text() + "' must be letters, digits and _ . @ - only");
      }
      if (!names.add(name.text())) {
        throw name.error("duplicate token name '" + name.text() + "'");
      }
      Role parsed =
          switch (role.text().trim().toLowerCase(Locale.ROOT)) {
            case "read" -> Role.READ;
            case "operator" -> Role.OPERATOR;
            default ->
                throw role.error(
                    "unknown role '"
                        + role.text()
                        + "' of token '"
                        + name.text()
                        + "': use read"
                        + " or operator");
          };
      String hex = hash.text().trim();
      if (!HEX_SHA256.matcher(hex).matches()) {
        throw hash.error(
            "sha256 of token '"
                + name.text()
                + "' must be 64 hexadecimal digits (`tidemark server token` prints one)");
      }
      if (!hashes.add(hex.toLowerCase(Locale.ROOT))) {
        throw hash.error("token '" + name.text() + "' has the same sha256 as another token");
      }
      tokens.add(new AccessToken(name.text(), parsed, HexFormat.of().parseHex(hex)));
    }
    return new AccessTokens(tokens);
  }

  private static YamlNode required(YamlNode item, String key) {
    return item.get(key).orElseThrow(() -> item.error("a server token needs '" + key + "'"));
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
  }

  public List<AccessToken> tokens() {
    return tokens;
  }

  /** The configured token whose hash {@code presented} has; every one is compared. */
  public Optional<AccessToken> find(String presented) {
    byte[] digest = digest(presented);
    AccessToken found = null;
    for (AccessToken token : tokens) {
      if (token.matches(digest) && found == null) {
        found = token;
      }
    }
    return Optional.ofNullable(found);
  }

  /** A new token: the prefix and 256 random bits, URL-safe. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 of a token's text, as the 64 hexadecimal digits configured. */
  public static String sha256(String token) {
    return HexFormat.of().formatHex(digest(token));
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
