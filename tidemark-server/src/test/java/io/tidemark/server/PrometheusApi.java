package io.tidemark.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * PromQL through a Prometheus server's HTTP API ({@code /api/v1/query} and {@code query_range}).
 */
final class PrometheusApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient client = HttpClient.newHttpClient();

  /**
   * @param base the server's address, such as {@code http://127.0.0.1:9090}
   */
  PrometheusApi(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  String base() {
    return base;
  }

  /** The instant query's result vector (or scalar, as one element); fails on a query error. */
  JsonNode query(String promql) {
    JsonNode data = get("/api/v1/query?query=" + encode(promql), promql);
    if ("scalar".equals(data.path("resultType").asText())) {
      return JSON.createArrayNode().add(JSON.createObjectNode().set("value", data.path("result")));
    }
    return data.path("result");
  }

  /**
   * The range query's matrix: one element per series, each with its {@code metric} labels and its
   * {@code values} as {@code [seconds, "value"]} pairs; fails on a query error.
   */
  JsonNode queryRange(String promql, Instant start, Instant end, Duration step) {
    return get(
            "/api/v1/query_range?query="
                + encode(promql)
                + "&start="
                + start.getEpochSecond()
                + "&end="
                // Rounded up: a scrape a fraction of a second before `end` is within the range.
                + (end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0))
                + "&step="
                + Math.max(1, step.toSeconds()),
            promql)
        .path("result");
  }

  private JsonNode get(String pathAndQuery, String promql) {
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(base + pathAndQuery)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      if (!"success".equals(body.path("status").asText())) {
        throw new AssertionError("query failed: " + promql + ": " + response.body());
      }
      return body.path("data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String promql) {
    return URLEncoder.encode(promql, StandardCharsets.UTF_8);
  }
}
