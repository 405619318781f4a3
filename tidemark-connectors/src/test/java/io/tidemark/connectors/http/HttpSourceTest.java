package io.tidemark.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tidemark.connectors.secret.Redaction;
import io.tidemark.connectors.support.SettableClock;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.secret.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How answers of an HTTP source are sorted, against a real server on loopback. */
class HttpSourceTest {
  private record Answer(int status, String retryAfter, String body) {}

  private final Deque<Answer> answers = new ArrayDeque<>();
  private final List<String> authorizations = new ArrayList<>();
  private final List<Duration> pauses = new ArrayList<>();
  private final SettableClock clock = new SettableClock(Instant.parse("2024-01-01T00:00:00Z"));
  private final HttpSource http = new HttpSource(pauses::add, clock);
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private synchronized void answer(HttpExchange exchange) throws IOException {
    authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
    Answer answer = answers.size() > 1 ? answers.poll() : answers.peek();
    if (answer.retryAfter() != null) {
      exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private String get(Redaction redaction, String authorization) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api?token=x"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try (InputStream in = http.send(request.build(), "source raw.pages (test)", redaction)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aServerAskingToBeCalledLaterIsWaitedForAsItAsks() throws IOException {
    String inNinetySeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.instant().plusSeconds(90).atOffset(ZoneOffset.UTC));
    answers.add(new Answer(429, "7", "{\"message\": \"rate limited\"}"));
    answers.add(new Answer(503, inNinetySeconds, "busy"));
    answers.add(new Answer(200, null, "done"));

    assertThat(get(new Redaction(Secrets.NONE), null)).isEqualTo("done");
    assertThat(pauses).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(90));
  }

  @Test
  void aServerThatKeepsAskingFailsTheLoadToBeRetriedLater() {
    answers.add(new Answer(429, "1", "{\"message\": \"rate limited\"}"));
    assertThatThrownBy(() -> get(new Redaction(Secrets.NONE), null))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SOURCE);
              assertThat(e.getMessage())
                  .isEqualTo("source raw.pages (test): HTTP 429 still after 5 waits: rate limited");
            });
    assertThat(pauses).hasSize(HttpSource.MAX_WAITS);
  }

  @Test
  void aWaitLongerThanTheLimitIsNotSpent() {
    answers.add(new Answer(429, "3600", "slow down"));
    assertThatThrownBy(() -> get(new Redaction(Secrets.NONE), null))
        .hasMessageContaining("asks to wait 3600 s, longer than 5 min");
    assertThat(pauses).isEmpty();
  }

  @Test
  void aRefusedLoginIsNotRetriedAndItsMessageHoldsNoSecret() {
    Secrets secrets = name -> "s3cret-token";
    Redaction redaction = new Redaction(secrets);
    String header = "Bearer " + redaction.reveal("${secret:WIKI_TOKEN}");
    answers.add(new Answer(401, null, "{\"message\": \"token s3cret-token is not valid\"}"));

    assertThatThrownBy(() -> get(redaction, header))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUERY);
              assertThat(e.getMessage())
                  .isEqualTo("source raw.pages (test): refused (HTTP 401): token *** is not valid");
            });
    assertThat(authorizations).containsExactly("Bearer s3cret-token");
  }

  @Test
  void aServerErrorMayPassAndIsRetried() {
    answers.add(new Answer(500, null, "<html><body>Internal error</body></html>"));
    assertThatThrownBy(() -> get(new Redaction(Secrets.NONE), null))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SOURCE);
              assertThat(e.getMessage())
                  .isEqualTo("source raw.pages (test): HTTP 500: Internal error");
            });
  }
}
