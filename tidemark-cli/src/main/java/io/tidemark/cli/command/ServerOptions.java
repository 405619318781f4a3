package io.tidemark.cli.command;

import io.tidemark.cli.output.Style;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --server URL}: ask a running Tidemark server to do the work, in its queue, instead of
 * doing it in this process. The token, when the server wants one, comes from {@code --token-file}
 * or the environment variable {@code TIDEMARK_TOKEN}: never from an argument, which other users of
 * the machine can read.
 */
public final class ServerOptions {
  static final String TOKEN_VARIABLE = "TIDEMARK_TOKEN";

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Queue the work in a running Tidemark server (http://host:8080) and follow it from"
              + " here; the local project is not opened.")
  String server;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "With --server: a file holding an operator token (default: $" + TOKEN_VARIABLE + ").")
  Path tokenFile;

  @Option(
      names = "--no-wait",
      description = "With --server: return once the work is queued instead of following it.")
  boolean noWait;

  boolean remote() {
    return server != null;
  }

  boolean waits() {
    return !noWait;
  }

  /** The client of the server named; refuses what cannot be a server's address. */
  RemoteRuns client(PrintWriter out, Style style) {
    URI uri;
    try {
      uri = URI.create(server.endsWith("/") ? server : server + "/");
    } catch (IllegalArgumentException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "--server " + server + " is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "--server " + server + " is not an http(s) address, e.g. http://127.0.0.1:8080");
    }
    return new RemoteRuns(uri, token(), out, style, Duration.ofMillis(500));
  }

  private Optional<String> token() {
    if (tokenFile != null) {
      try {
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
          throw new TidemarkException(
              ErrorCode.INVALID_ARGUMENT, "--token-file " + tokenFile + " is empty");
        }
        return Optional.of(token);
      } catch (IOException e) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT, "cannot read --token-file " + tokenFile + ": " + e);
      }
    }
    String variable = System.getenv(TOKEN_VARIABLE);
    return variable == null || variable.isBlank()
        ? Optional.empty()
        : Optional.of(variable.strip());
  }
}
