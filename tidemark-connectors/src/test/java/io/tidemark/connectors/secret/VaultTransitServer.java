package io.tidemark.connectors.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A local HTTP server that answers Vault's transit engine calls {@code encrypt} and {@code decrypt}
 * as Vault does (JSON bodies, {@code vault:v1:} ciphertexts, {@code X-Vault-Token}, {@code
 * {"errors": [...]}} on refusal), with its own AES-GCM key. Counts the calls it answers.
 */
public final class VaultTransitServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final SecretKey key;
  private final String token;
  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger encryptCalls = new AtomicInteger();
  private final AtomicInteger decryptCalls = new AtomicInteger();
  private volatile boolean refusing;

  public VaultTransitServer(String token) throws IOException {
    this.token = token;
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      this.key = generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/transit/", this::handle);
    server.start();
  }

  public URI address() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** From now on every call is refused with 403, as Vault does when a policy forbids it. */
  public void refuse() {
    refusing = true;
  }

  public int encryptCalls() {
    return encryptCalls.get();
  }

  public int decryptCalls() {
    return decryptCalls.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, Map.of("errors", new String[] {"unsupported method"}));
        return;
      }
      if (refusing || !token.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))) {
        respond(exchange, 403, Map.of("errors", new String[] {"permission denied"}));
        return;
      }
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      if (path.startsWith("/v1/transit/encrypt/")) {
        encryptCalls.incrementAndGet();
        byte[] plain = Base64.getDecoder().decode(body.path("plaintext").asText());
        respond(exchange, 200, Map.of("data", Map.of("ciphertext", "vault:v1:" + encrypt(plain))));
      } else if (path.startsWith("/v1/transit/decrypt/")) {
        decryptCalls.incrementAndGet();
        String ciphertext = body.path("ciphertext").asText();
        if (!ciphertext.startsWith("vault:v1:")) {
          respond(exchange, 400, Map.of("errors", new String[] {"invalid ciphertext"}));
          return;
        }
        byte[] plain = decrypt(ciphertext.substring("vault:v1:".length()));
        respond(
            exchange,
            200,
            Map.of("data", Map.of("plaintext", Base64.getEncoder().encodeToString(plain))));
      } else {
        respond(exchange, 404, Map.of("errors", new String[] {}));
      }
    } catch (GeneralSecurityException e) {
      respond(
          exchange, 400, Map.of("errors", new String[] {"cipher: message authentication failed"}));
    }
  }

  private String encrypt(byte[] plain) throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    byte[] sealed = cipher.doFinal(plain);
    byte[] out = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, out, 0, nonce.length);
    System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
    return Base64.getEncoder().encodeToString(out);
  }

  private byte[] decrypt(String text) throws GeneralSecurityException {
    byte[] in = Base64.getDecoder().decode(text);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
    return cipher.doFinal(in, 12, in.length - 12);
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
