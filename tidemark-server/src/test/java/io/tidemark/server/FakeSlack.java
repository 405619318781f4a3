package io.tidemark.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Slack's Web API as far as {@code chat.postMessage} goes, on a loopback port: records every
 * request (real HTTP, real JSON) and answers what the test queued (a 429 with Retry-After, a 500,
 * an {@code ok: false}), else {@code ok: true} with a fresh message timestamp.
 */
final class FakeSlack implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Request(String path, String authorization, JsonNode body) {}

  record Answer(int status, String retryAfter, String body) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicLong ts = new AtomicLong(1_704_423_605_000_100L);
  private final HttpServer server;

  FakeSlack() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/api/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          requests.add(
              new Request(
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  JSON.readTree(body)));
          Answer answer = answers.poll();
          if (answer == null) {
            String stamp = String.valueOf(ts.incrementAndGet());
            String ts = stamp.substring(0, 10) + "." + stamp.substring(10);
            answer = new Answer(200, null, "{\"ok\":true,\"ts\":\"" + ts + "\"}");
          }
          if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
          }
          byte[] reply = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
  }

  /** The next request gets this answer instead of a success. */
  void answerNext(int status, String retryAfter, String body) {
    answers.add(new Answer(status, retryAfter, body));
  }

  URI api() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
