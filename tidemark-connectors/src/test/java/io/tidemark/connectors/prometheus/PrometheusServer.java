package io.tidemark.connectors.prometheus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Prometheus (Debian's {@code prometheus} package) on a free loopback port, its storage
 * backfilled from OpenMetrics text by {@code promtool tsdb create-blocks-from openmetrics}.
 */
public final class PrometheusServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Backfills {@code openMetrics} (ending in {@code # EOF}) into a storage under {@code directory}
   * and starts Prometheus on it.
   */
  public static PrometheusServer start(Path directory, String openMetrics) throws IOException {
    Path input = directory.resolve("data.om");
    Path storage = directory.resolve("tsdb");
    Files.writeString(input, openMetrics, StandardCharsets.UTF_8);
    run(
        directory,
        "promtool",
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        input.toString(),
        storage.toString());
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n");
    int port = freePort();
    Process process =
        new ProcessBuilder(
                command(
                    "prometheus",
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + storage,
                    "--storage.tsdb.retention.time=100y",
                    "--web.listen-address=127.0.0.1:" + port))
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    PrometheusServer server = new PrometheusServer(process, port);
    // Prometheus says on its log when it answers queries: wait for that line, not a fixed time.
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    List<String> log = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (log) {
                    log.add(line);
                  }
                  if (line.contains("Server is ready to receive web requests")) {
                    ready.complete(true);
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              ready.complete(false);
            },
            "prometheus-log");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!ready.get(60, TimeUnit.SECONDS)) {
        server.close();
        synchronized (log) {
          throw new IllegalStateException("prometheus did not start:\n" + String.join("\n", log));
        }
      }
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      server.close();
      throw new IllegalStateException("prometheus did not start in time", e);
    }
    return server;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Seconds since the epoch of a UTC time, as OpenMetrics writes timestamps. */
  public static long epochSeconds(LocalDateTime time) {
    return time.toEpochSecond(ZoneOffset.UTC);
  }

  /** A port nothing listens on now (for the server, or for a test of an unreachable one). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static List<String> command(String program, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(installed(program));
    command.addAll(List.of(arguments));
    return command;
  }

  /** The program's path; Prometheus and promtool come with Debian's {@code prometheus} package. */
  private static String installed(String program) {
    for (String directory : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      if (Files.isExecutable(Path.of(directory, program))) {
        return directory + "/" + program;
      }
    }
    throw new IllegalStateException(
        program + " is not installed (apt-get install prometheus; .ci/run installs it)");
  }

  private static void run(Path directory, String program, String... arguments) throws IOException {
    Process process =
        new ProcessBuilder(command(program, arguments))
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IllegalStateException(program + " failed:\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }
}
