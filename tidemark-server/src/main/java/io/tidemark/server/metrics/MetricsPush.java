package io.tidemark.server.metrics;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends one process's metrics to a Prometheus Pushgateway, for runs that no server scrapes. A PUT
 * to the job's group replaces what the previous run pushed there, so the gateway always holds the
 * latest run's figures (its {@code push_time_seconds} says when).
 */
public final class MetricsPush {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final URI gateway;

  /**
   * @param gateway the Pushgateway's base URL, e.g. {@code http://pushgateway:9091}
   */
  public MetricsPush(URI gateway) {
    this.gateway = requireNonNull(gateway, "gateway is null");
    if (!"http".equals(gateway.getScheme()) && !"https".equals(gateway.getScheme())) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "the Pushgateway URL must be http or https: " + gateway);
    }
  }

  /** The group's URL: {@code /metrics/job/<job>/project/<project>}. */
  public URI groupUri(String job, String project) {
    String base = gateway.toString().replaceAll("/+$", "");
    return URI.create(base + "/metrics/job/" + segment(job) + "/project/" + segment(project));
  }

  /**
   * Replaces the group's metrics with these.
   *
   * @throws IOException when the gateway cannot be reached or refuses them (with its answer)
   */
  public void push(PlatformMetrics metrics, String job, String project) throws IOException {
    URI uri = groupUri(job, project);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", metrics.contentType())
            .PUT(HttpRequest.BodyPublishers.ofString(metrics.text()))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pushing metrics to " + uri, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "the Pushgateway at "
              + uri
              + " answered "
              + response.statusCode()
              + ": "
              + response.body().strip());
    }
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
