package io.tidemark.connectors.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.connectors.secret.Redaction;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.load.LoadSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Requests to a source that answers over HTTP (Prometheus, Confluence), with its answers sorted the
 * way a load needs them: a server that asks to be called later ({@code 429} or {@code 503} with
 * {@code Retry-After}) is waited for, up to {@link #MAX_WAITS} times and {@link #MAX_WAIT} each; a
 * host that cannot be reached or a server error may pass and is {@code SOURCE} (Tidemark retries
 * the task with backoff); a refused login or a request the server rejects will not pass by trying
 * again and is {@code QUERY}. Messages name the source and never a secret.
 */
public final class HttpSource {
  /** How many times one request waits for a server that asked to be called later. */
  public static final int MAX_WAITS = 5;

  /** The longest wait a server may ask for; one asking more fails the load (to be retried). */
  public static final Duration MAX_WAIT = Duration.ofMinutes(5);

  /** The settings of a load block that authenticate: a bearer token, or a user and a password. */
  public static final List<String> AUTH_KEYS = List.of("bearer_token", "user", "password");

  /** Waits as a server asked; tests record the waits instead of spending them. */
  public interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  /** Waits on the current thread. */
  public static final Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 4_096;

  private final HttpClient client;
  private final Pause pause;
  private final Clock clock;

  public HttpSource(Pause pause, Clock clock) {
    this.pause = requireNonNull(pause, "pause is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * Sends {@code request} and returns the body of its successful ({@code 2xx}) answer, to be read
   * and closed by the caller.
   *
   * @param where the source and what is read, for messages: {@code source raw.x (prometheus, …)}
   */
  public InputStream send(HttpRequest request, String where, Redaction redaction) {
    for (int waits = 0; ; waits++) {
      HttpResponse<InputStream> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        throw new TidemarkException(
            ErrorCode.SOURCE,
            where + ": cannot reach " + display(request.uri()) + ": " + redaction.apply(reason));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TidemarkException(ErrorCode.SOURCE, where + ": interrupted");
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return response.body();
      }
      String reason = redaction.apply(errorText(response));
      Optional<Duration> retryAfter =
          status == 429 || status == 503
              ? response.headers().firstValue("Retry-After").flatMap(this::retryAfter)
              : Optional.empty();
      if (retryAfter.isPresent()) {
        if (waits >= MAX_WAITS) {
          throw new TidemarkException(
              ErrorCode.SOURCE,
              where + ": HTTP " + status + " still after " + MAX_WAITS + " waits: " + reason);
        }
        if (retryAfter.get().compareTo(MAX_WAIT) > 0) {
          throw new TidemarkException(
              ErrorCode.SOURCE,
              where
                  + ": HTTP "
                  + status
                  + " asks to wait "
                  + retryAfter.get().toSeconds()
                  + " s, longer than "
                  + MAX_WAIT.toMinutes()
                  + " min: "
                  + reason);
        }
        try {
          pause.pause(retryAfter.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TidemarkException(ErrorCode.SOURCE, where + ": interrupted");
        }
        continue;
      }
      boolean passing = status == 408 || status == 429 || status >= 500;
      String what =
          status == 401 || status == 403 ? "refused (HTTP " + status + ")" : "HTTP " + status;
      throw new TidemarkException(
          passing ? ErrorCode.SOURCE : ErrorCode.QUERY, where + ": " + what + ": " + reason);
    }
  }

  /**
   * The {@code Authorization} header a load block's settings ask for: {@code bearer_token}, or
   * {@code user} and {@code password} (basic); empty when it has none.
   */
  public static Optional<String> authorization(LoadSpec spec, Redaction redaction) {
    checkAuthorization(spec);
    Optional<String> token = spec.text("bearer_token");
    Optional<String> user = spec.text("user");
    Optional<String> password = spec.text("password");
    if (token.isPresent()) {
      return Optional.of("Bearer " + redaction.reveal(token.get()));
    }
    if (user.isEmpty()) {
      return Optional.empty();
    }
    String pair = redaction.reveal(user.get()) + ":" + redaction.reveal(password.get());
    return Optional.of(
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  /** Checks the authentication settings of a load block without revealing a secret. */
  public static void checkAuthorization(LoadSpec spec) {
    boolean token = spec.text("bearer_token").isPresent();
    boolean user = spec.text("user").isPresent();
    boolean password = spec.text("password").isPresent();
    if (token && (user || password)) {
      throw spec.error("bearer_token", "give either bearer_token or user and password");
    }
    if (user != password) {
      throw spec.error(user ? "user" : "password", "basic authentication needs user and password");
    }
  }

  /** Checks the {@code url} setting: an absolute http(s) URL, returned without a trailing slash. */
  public static URI baseUrl(LoadSpec spec) {
    String text = spec.required("url", "the server's address, e.g. http://host:9090");
    URI uri;
    try {
      uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    } catch (java.net.URISyntaxException e) {
      throw spec.error("url", "'" + text + "' is not a URL: " + e.getReason());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw spec.error("url", "'" + text + "' is not an http:// or https:// URL");
    }
    if (uri.getUserInfo() != null) {
      throw spec.error("url", "put credentials in user and password, not in the url");
    }
    return uri;
  }

  /** A URL as messages show it: scheme, host, port and path, never a query. */
  public static String display(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getPath() == null ? "" : uri.getPath());
  }

  /** The delay a {@code Retry-After} header asks for: seconds, or an HTTP date. */
  private Optional<Duration> retryAfter(String value) {
    String text = value.trim();
    if (text.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration delay = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** What an error answer says: its JSON {@code error} or {@code message}, or its first line. */
  private static String errorText(HttpResponse<InputStream> response) {
    String body;
    try (InputStream in = response.body()) {
      body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      body = "";
    }
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.isObject()) {
        for (String field : List.of("error", "message", "reason")) {
          if (json.path(field).isTextual() && !json.path(field).asText().isBlank()) {
            return json.path(field).asText();
          }
        }
      }
    } catch (IOException e) {
      // not JSON: the text itself says it
    }
    String line = body.lines().filter(l -> !l.isBlank()).findFirst().orElse("").trim();
    line = line.replaceAll("<[^>]*>", "").trim();
    if (line.length() > 200) {
      line = line.substring(0, 200) + "…";
    }
    return line.isEmpty() ? "(no message)" : line;
  }
}
