package io.tidemark.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tidemark server} in a child JVM, so that it can really be killed; the test follows what it
 * prints, line by line, instead of waiting for fixed times.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern ADDRESS = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/api/v1");
  private static final String END = "\u0000end";

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final Thread reader;
  private int port;

  private ServerProcess(Process process) {
    this.process = process;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("(output unreadable: " + e + ")");
              }
              lines.add(END);
            },
            "server-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code tidemark server -p ROOT --port 0 ARGS…} and waits until it answers. */
  static ServerProcess start(Path root, String... args) throws IOException {
    List<String> arguments =
        new ArrayList<>(List.of("server", "-p", root.toString(), "--port", "0", "--no-color"));
    arguments.addAll(List.of(args));
    return launch(arguments);
  }

  /** Starts {@code tidemark ARGS…}, which serves on a port it prints; waits until it answers. */
  static ServerProcess launch(List<String> arguments) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(arguments);
    ServerProcess server =
        new ServerProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    Matcher address =
        ADDRESS.matcher(
            server.awaitLine(line -> ADDRESS.matcher(line).find(), Duration.ofSeconds(120)));
    address.find();
    server.port = Integer.parseInt(address.group(1));
    return server;
  }

  long pid() {
    return process.pid();
  }

  /** The first line the server printed, or prints within {@code limit}, that is {@code wanted}. */
  String awaitLine(Predicate<String> wanted, Duration limit) {
    for (String line : seen) {
      if (wanted.test(line)) {
        return line;
      }
    }
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null || line.equals(END)) {
          if (line != null) {
            lines.add(END);
          }
          throw new AssertionError(
              (line == null ? "no such line within " + limit : "the server ended")
                  + "; it printed:\n"
                  + String.join("\n", seen));
        }
        seen.add(line);
        if (wanted.test(line)) {
          return line;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  String awaitLine(String fragment, Duration limit) {
    return awaitLine(line -> line.contains(fragment), limit);
  }

  /** Everything printed so far (lines already waited past included). */
  String output() {
    List<String> rest = new ArrayList<>();
    lines.drainTo(rest);
    rest.stream().filter(l -> !l.equals(END)).forEach(seen::add);
    if (rest.contains(END)) {
      lines.add(END);
    }
    return String.join("\n", seen);
  }

  /** {@code GET path} on the server's API; the body. */
  String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  /** {@code POST path} on the server's API with a JSON body; the status and the body. */
  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** kill -9: no shutdown hook runs, the lease is left to expire. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as a service manager stops a service; waits for the process to end. */
  boolean terminate(Duration limit) throws InterruptedException, IOException {
    // Process.destroy would close the pipes, and with them what the server prints while stopping.
    new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid()))
        .inheritIO()
        .start()
        .waitFor();
    boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (ended) {
      // What it printed last is still on its way through the pipe.
      reader.join(limit.toMillis());
    }
    return ended;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
