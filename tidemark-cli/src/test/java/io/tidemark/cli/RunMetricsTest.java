package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tidemark run} without a server: its metrics to a file and to a real HTTP Pushgateway. */
class RunMetricsTest {
  @TempDir Path dir;
  TestProject project;
  HttpServer gateway;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger answer = new AtomicInteger(200);

  @BeforeEach
  void setUp() throws IOException {
    project = TestProject.standard(dir.resolve("project")).withEvents(20);
    gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + "\n"
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + "\n"
                  + body);
          byte[] reply = (answer.get() == 200 ? "" : "push refused").getBytes();
          exchange.sendResponseHeaders(answer.get(), reply.length == 0 ? -1 : reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    gateway.start();
  }

  @AfterEach
  void stop() {
    gateway.stop(0);
  }

  private String gatewayUrl() {
    return "http://127.0.0.1:" + gateway.getAddress().getPort();
  }

  @Test
  void runWritesItsMetricsForTheTextfileCollectorAndPushesThemToTheGateway() throws IOException {
    Path file = dir.resolve("textfile/tidemark.prom");

    Cli.Result run =
        project.run(
            "2024-01-01",
            "2024-01-02",
            "--metrics-file",
            file.toString(),
            "--pushgateway",
            gatewayUrl());

    assertThat(run.exitCode()).as(run.all()).isZero();
    String text = Files.readString(file);
    assertThat(text)
        .contains("# TYPE tidemark_tasks_total counter")
        .containsPattern(
            "tidemark_runs_total\\{status=\"succeeded\",trigger=\"manual\"} 1(\\.0)?\n")
        .contains("tidemark_task_duration_seconds_bucket")
        // A CLI run's file carries the run alone, not the short-lived JVM's own figures.
        .doesNotContain("jvm_memory_used_bytes");
    assertThat(requests).hasSize(1);
    String[] pushed = requests.get(0).split("\n", 3);
    assertThat(pushed[0]).isEqualTo("PUT /metrics/job/tidemark/project/test_project");
    assertThat(pushed[1]).startsWith("text/plain; version=0.0.4");
    assertThat(pushed[2]).isEqualTo(text);
  }

  @Test
  void aGatewayThatRefusesIsAWarningAndTheRunStillSucceeds() {
    answer.set(500);

    Cli.Result run = project.run("2024-01-01", "2024-01-01", "--pushgateway", gatewayUrl());

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.err())
        .contains("warning: cannot push the metrics")
        .contains("500")
        .contains("push refused");
  }
}
