package io.tidemark.server.auth;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the API, checked before every {@code /api/v1} handler.
 *
 * <p>With tokens configured, every request but the OpenAPI document carries {@code Authorization:
 * Bearer TOKEN}: a read token may GET, an operator token may also POST. Without tokens the server
 * listens on the loopback interface only, and answers only requests that name it so ({@code Host:
 * 127.0.0.1}, {@code localhost}, {@code [::1]}): a page whose own name was made to point at
 * 127.0.0.1 (DNS rebinding) is refused.
 *
 * <p>Writes are refused when a browser says they come from another site ({@code Origin} not this
 * server, or {@code Sec-Fetch-Site} cross-site), and handlers accept only JSON bodies, which a page
 * elsewhere cannot send without a CORS preflight this server never grants. There is no cookie or
 * session a browser would attach on its own, so a CSRF token would have nothing to protect; the
 * token, when there is one, travels in a header only the UI's own script sets.
 */
public final class AccessControl {
  private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

  /** The request attribute holding the name of the token a request came with. */
  public static final String CALLER = "tidemark.caller";

  private final AccessTokens tokens;
  private final Set<String> publicPaths;

  /**
   * @param publicPaths paths answered without a token (the API's description)
   */
  public AccessControl(AccessTokens tokens, Set<String> publicPaths) {
    this.tokens = requireNonNull(tokens, "tokens is null");
    this.publicPaths = Set.copyOf(requireNonNull(publicPaths, "publicPaths is null"));
  }

  /** Whether the API is open to anyone who can reach it: only on this machine, then. */
  public boolean isOpen() {
    return tokens.isEmpty();
  }

  /** Checks a request; throws {@link AccessDenied} when it may not go on. */
  public void check(Context ctx) {
    boolean write = isWrite(ctx.method());
    if (tokens.isEmpty()) {
      requireLoopbackHost(ctx);
    } else if (!publicPaths.contains(ctx.path())) {
      AccessToken token = authenticate(ctx);
      ctx.attribute(CALLER, token.name());
      if (write && !token.role().mayWrite()) {
        throw new AccessDenied(
            403,
            "Forbidden",
            "token '"
                + token.name()
                + "' has the read role: "
                + ctx.method()
                + " changes state and needs an operator token",
            null);
      }
    }
    if (write) {
      requireSameOrigin(ctx);
    }
  }

  private static boolean isWrite(HandlerType method) {
    return method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.OPTIONS;
  }

  private AccessToken authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new AccessDenied(
          401,
          "Unauthorized",
          "this server needs a bearer token: send Authorization: Bearer TOKEN"
              + " (`tidemark server token` makes one)",
          "Bearer realm=\"tidemark\"");
    }
    String[] parts = header.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
      throw new AccessDenied(
          401,
          "Unauthorized",
          "the Authorization header must be Bearer TOKEN",
          "Bearer realm=\"tidemark\", error=\"invalid_request\"");
    }
    return tokens
        .find(parts[1].trim())
        .orElseThrow(
            () ->
                new AccessDenied(
                    401,
                    "Unauthorized",
                    "the bearer token is not one this server accepts",
                    "Bearer realm=\"tidemark\", error=\"invalid_token\""));
  }

  private static void requireLoopbackHost(Context ctx) {
    String host = hostName(ctx.header("Host"));
    if (!LOOPBACK_NAMES.contains(host)) {
      throw new AccessDenied(
          403,
          "Forbidden",
          "this server has no tokens configured and answers only requests to 127.0.0.1 or"
              + " localhost, not to '"
              + ctx.header("Host")
              + "'",
          null);
    }
  }

  /** The name in a Host header, without its port, lower case; empty when absent. */
  static String hostName(String header) {
    if (header == null) {
      return "";
    }
    String host = header.trim().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static void requireSameOrigin(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null
        && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
      throw crossSite("the browser marked it " + site.toLowerCase(Locale.ROOT));
    }
    String origin = ctx.header("Origin");
    if (origin == null) {
      return;
    }
    Optional<String> host = originHost(origin);
    String own = ctx.header("Host");
    if (host.isEmpty() || own == null || !host.get().equalsIgnoreCase(own.trim())) {
      throw crossSite("it comes from " + origin + ", not from this server");
    }
  }

  private static AccessDenied crossSite(String why) {
    return new AccessDenied(403, "Forbidden", "a write from another site is refused: " + why, null);
  }

  /** The host and port of an Origin header, as a Host header would name them. */
  private static Optional<String> originHost(String origin) {
    try {
      URI uri = new URI(origin.trim());
      if (uri.getHost() == null) {
        return Optional.empty();
      }
      String host =
          uri.getHost().contains(":") && !uri.getHost().startsWith("[")
              ? "[" + uri.getHost() + "]"
              : uri.getHost();
      return Optional.of(uri.getPort() < 0 ? host : host + ":" + uri.getPort());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
