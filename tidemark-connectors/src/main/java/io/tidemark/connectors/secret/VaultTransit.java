package io.tidemark.connectors.secret;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * HashiCorp Vault's transit secrets engine as the key-management service: {@code POST
 * /v1/transit/encrypt/KEY} and {@code /v1/transit/decrypt/KEY}, authenticated by a token. The
 * master key never leaves Vault; the stored wrapped key is Vault's {@code vault:v1:…} ciphertext.
 */
public final class VaultTransit implements KeyManagementService {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI address;
  private final String mount;
  private final String key;
  private final String token;
  private final HttpClient http;

  /**
   * @param address Vault's address, e.g. {@code http://127.0.0.1:8200}
   * @param mount the path the transit engine is mounted at ({@code transit} by default)
   * @param key the name of the transit key that wraps data keys
   */
  public VaultTransit(URI address, String mount, String key, String token) {
    this.address = requireNonNull(address, "address is null");
    this.mount = requireNonNull(mount, "mount is null");
    this.key = requireNonNull(key, "key is null");
    this.token = requireNonNull(token, "token is null");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  @Override
  public String describe() {
    return "Vault transit key '" + key + "' at " + address;
  }

  @Override
  public byte[] wrap(byte[] dataKey) {
    JsonNode data =
        call("encrypt", Map.of("plaintext", Base64.getEncoder().encodeToString(dataKey)));
    return text(data, "ciphertext").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] unwrap(byte[] wrappedDataKey) {
    JsonNode data =
        call("decrypt", Map.of("ciphertext", new String(wrappedDataKey, StandardCharsets.UTF_8)));
    try {
      return Base64.getDecoder().decode(text(data, "plaintext"));
    } catch (IllegalArgumentException e) {
      throw refused("decrypt", "its plaintext is not base64");
    }
  }

  private JsonNode call(String operation, Map<String, String> body) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(address.resolve("/v1/" + mount + "/" + operation + "/" + key))
              .timeout(TIMEOUT)
              .header("X-Vault-Token", token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
    } catch (IOException | IllegalArgumentException e) {
      throw new TidemarkException(ErrorCode.SECRETS, "invalid Vault address " + address);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.SECRETS,
          "cannot reach " + describe() + " to " + operation + " a data key: " + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TidemarkException(ErrorCode.SECRETS, "interrupted while calling " + describe());
    }
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    if (response.statusCode() / 100 != 2) {
      String reason = "HTTP " + response.statusCode();
      if (json != null && json.path("errors").isArray() && !json.path("errors").isEmpty()) {
        reason += ": " + json.path("errors").get(0).asText();
      }
      throw refused(operation, reason);
    }
    if (json == null || !json.path("data").isObject()) {
      throw refused(operation, "the answer holds no data");
    }
    return json.path("data");
  }

  private String text(JsonNode data, String field) {
    JsonNode value = data.path(field);
    if (!value.isTextual()) {
      throw refused("read", "the answer holds no " + field);
    }
    return value.asText();
  }

  private TidemarkException refused(String operation, String reason) {
    return new TidemarkException(
        ErrorCode.SECRETS,
        describe() + " refused to " + operation + " a data key (" + reason + ")");
  }
}
