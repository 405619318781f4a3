package io.tidemark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.RunOwner;
import io.tidemark.server.auth.AccessTokens;
import io.tidemark.server.auth.Role;
import io.tidemark.store.JdbcStateStore;
import io.tidemark.store.StateStores;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server with tokens configured in tidemark.yml: who may read, who may write, and what a
 * refused request changes (nothing).
 */
class ServerAccessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String READER = AccessTokens.newToken();
  private static final String OPERATOR = AccessTokens.newToken();
  private static final String REPAIR =
      "{\"asset\": \"raw.events\", \"start\": \"2024-01-02\", \"end\": \"2024-01-02\"}";

  @TempDir static Path root;
  private static DuckDbWarehouse warehouse;
  private static JdbcStateStore store;
  private static TidemarkServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void startTheServer() throws IOException {
    ScheduledProject files =
        ScheduledProject.write(root, "jdbc:sqlite:.tidemark/state.db", "", "", "[]");
    Files.writeString(
        root.resolve("tidemark.yml"),
        """
        server:
          tokens:
            - name: dashboards
              role: read
              sha256: %s
            - name: ci
              role: operator
              sha256: %s
        """
            .formatted(AccessTokens.sha256(READER), AccessTokens.sha256(OPERATOR)),
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    Project project = files.load();
    warehouse = files.warehouseWithEvents(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3));
    store = StateStores.open("jdbc:sqlite:.tidemark/state.db", root);
    AccessTokens tokens = AccessTokens.read(root);
    server =
        new TidemarkServer(
                project,
                warehouse,
                store,
                store.schedules(),
                new TestClock(Instant.parse("2024-01-04T06:00:00Z")),
                new ServerSettings(0, Duration.ofHours(1), Duration.ofSeconds(5), 1)
                    .withAccess(ServerSettings.HOST, tokens),
                new SchedulerOptions(
                    "access-test-server",
                    Duration.ofSeconds(30),
                    new RunOwner("access-test", 1, Instant.EPOCH),
                    owner -> false,
                    Duration.ofMinutes(1)))
            .start();
  }

  @AfterAll
  static void stopTheServer() {
    if (server != null) {
      server.stop();
    }
    if (store != null) {
      store.close();
    }
    if (warehouse != null) {
      warehouse.close();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
  }

  private HttpRequest.Builder post(String path, String body) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static JsonNode problem(HttpResponse<String> response, int status) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type"))
        .get()
        .asString()
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    return problem;
  }

  @Test
  void tokensAreReadFromTidemarkYmlWithTheirRoles() {
    AccessTokens tokens = AccessTokens.read(root);
    assertThat(tokens.tokens())
        .extracting(token -> token.name())
        .containsExactly("dashboards", "ci");
    assertThat(tokens.find(READER).orElseThrow().role()).isEqualTo(Role.READ);
    assertThat(tokens.find(OPERATOR).orElseThrow().role()).isEqualTo(Role.OPERATOR);
    assertThat(tokens.find(READER + "x")).isEmpty();
    assertThat(tokens.find(AccessTokens.sha256(READER))).as("the hash is no token").isEmpty();
  }

  @Test
  void aRequestWithoutTokenOrWithAWrongOneIsUnauthorized() throws Exception {
    HttpResponse<String> missing = send(request("/api/v1/health"));
    assertThat(problem(missing, 401).get("detail").asText())
        .isEqualTo(
            "this server needs a bearer token: send Authorization: Bearer TOKEN (`tidemark server"
                + " token` makes one)");
    assertThat(missing.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"tidemark\"");

    HttpResponse<String> wrong =
        send(request("/api/v1/assets").header("Authorization", "Bearer " + READER + "x"));
    assertThat(problem(wrong, 401).get("detail").asText())
        .isEqualTo("the bearer token is not one this server accepts");
    assertThat(wrong.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("invalid_token");

    HttpResponse<String> basic =
        send(request("/api/v1/assets").header("Authorization", "Basic dXNlcjpwYXNz"));
    assertThat(problem(basic, 401).get("detail").asText())
        .isEqualTo("the Authorization header must be Bearer TOKEN");

    HttpResponse<String> description = send(request("/api/v1/openapi.json"));
    assertThat(description.statusCode()).as("the API's description needs no token").isEqualTo(200);
    assertThat(
            JSON.readTree(description.body())
                .at("/components/securitySchemes/bearer/scheme")
                .asText())
        .isEqualTo("bearer");

    // Unknown paths do not tell a caller without a token what exists.
    assertThat(problem(send(request("/api/v1/nothing-here")), 401).get("status").asInt())
        .isEqualTo(401);
    assertThat(problem(send(post("/api/v1/repairs", REPAIR)), 401).get("status").asInt())
        .isEqualTo(401);
    assertThat(store.recentRepairs(10)).isEmpty();
  }

  @Test
  void aReadTokenReadsButMayNotWrite() throws Exception {
    HttpResponse<String> health =
        send(request("/api/v1/health").header("Authorization", "Bearer " + READER));
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).get("project").asText()).isEqualTo("scheduled");

    HttpResponse<String> refused =
        send(post("/api/v1/repairs", REPAIR).header("Authorization", "Bearer " + READER));
    assertThat(problem(refused, 403).get("detail").asText())
        .isEqualTo(
            "token 'dashboards' has the read role: POST changes state and needs an operator"
                + " token");
    assertThat(store.recentRepairs(10)).isEmpty();
  }

  @Test
  void anOperatorTokenWritesButNotFromAnotherSite() throws Exception {
    HttpResponse<String> crossSite =
        send(
            post("/api/v1/repairs", REPAIR)
                .header("Authorization", "Bearer " + OPERATOR)
                .header("Origin", "https://evil.example"));
    assertThat(problem(crossSite, 403).get("detail").asText())
        .isEqualTo(
            "a write from another site is refused: it comes from https://evil.example, not from"
                + " this server");
    HttpResponse<String> marked =
        send(
            post("/api/v1/repairs", REPAIR)
                .header("Authorization", "Bearer " + OPERATOR)
                .header("Sec-Fetch-Site", "cross-site"));
    assertThat(problem(marked, 403).get("detail").asText())
        .isEqualTo("a write from another site is refused: the browser marked it cross-site");
    assertThat(store.recentRepairs(10)).isEmpty();

    HttpResponse<String> sameOrigin =
        send(
            post("/api/v1/repairs", REPAIR)
                .header("Authorization", "Bearer " + OPERATOR)
                .header("Origin", "http://127.0.0.1:" + server.port())
                .header("Sec-Fetch-Site", "same-origin"));
    assertThat(sameOrigin.statusCode()).as(sameOrigin.body()).isNotIn(401, 403);
  }

  @Test
  void withoutTokensTheServerRefusesToListenBeyondThisMachine() {
    ServerSettings open = ServerSettings.defaults(0);
    assertThatThrownBy(() -> open.withAccess("0.0.0.0", AccessTokens.NONE))
        .isInstanceOf(TidemarkException.class)
        .hasMessageStartingWith(
            "refusing to listen on 0.0.0.0 without tokens: anyone who reaches it could run and"
                + " change everything.");
    assertThat(open.withAccess("localhost", AccessTokens.NONE).host()).isEqualTo("localhost");
    assertThat(open.withAccess("0.0.0.0", AccessTokens.read(root)).host()).isEqualTo("0.0.0.0");
  }

  @Test
  void aBadTokenEntryNamesTheFileAndLine(@TempDir Path other) throws IOException {
    Files.writeString(
        other.resolve("tidemark.yml"),
        """
        name: x
        start: 2024-01-01
        server:
          tokens:
            - name: ci
              role: admin
              sha256: %s
        """
            .formatted(AccessTokens.sha256("t")));
    assertThatThrownBy(() -> AccessTokens.read(other))
        .isInstanceOf(TidemarkException.class)
        .hasMessage("tidemark.yml:6: unknown role 'admin' of token 'ci': use read or operator");
    Files.writeString(
        other.resolve("tidemark.yml"),
        "name: x\nstart: 2024-01-01\nserver:\n  tokens:\n    - {name: ci, role: read, sha256: abc}\n");
    assertThatThrownBy(() -> AccessTokens.read(other))
        .hasMessageContaining("tidemark.yml:5:")
        .hasMessageEndingWith(
            "sha256 of token 'ci' must be 64 hexadecimal digits (`tidemark server token` prints"
                + " one)");
  }
}
