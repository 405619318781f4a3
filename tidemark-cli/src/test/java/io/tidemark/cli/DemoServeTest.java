package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tidemark demo --serve}: the scheduler builds the demo within a minute or so. */
class DemoServeTest {
  @TempDir Path dir;

  @Test
  void theServedDemoFiresWithinAMinuteAndBuildsEveryDay() throws Exception {
    Path demo = dir.resolve("demo");
    try (ServerProcess server =
        ServerProcess.launch(
            List.of(
                "demo",
                "--serve",
                "--days",
                "3",
                "--dir",
                demo.toString(),
                "--port",
                "0",
                "--no-color"))) {
      assertThat(Files.readString(demo.resolve("tidemark.yml")))
          .contains("schedule: \"* * * * *\"")
          .contains("after: [subscriptions_daily]");

      // The next minute starts the first fire: both pipelines, reporting after daily.
      server.awaitLine(
          line -> line.contains("subscriptions_daily fire of") && line.contains("succeeded:"),
          Duration.ofSeconds(120));
      server.awaitLine(
          line -> line.contains("subscriptions_reporting fire of") && line.contains("succeeded:"),
          Duration.ofSeconds(120));

      assertThat(server.get("/api/v1/runs"))
          .contains("\"trigger\":\"schedule\"")
          .contains("\"selection\":\"pipeline:subscriptions_reporting\"")
          .doesNotContain("\"status\":\"failed\"");
      assertThat(server.get("/api/v1/schedule"))
          .contains("\"name\":\"subscriptions_reporting\"")
          .contains("\"after\":[\"subscriptions_daily\"]");
      assertThat(server.terminate(Duration.ofSeconds(90))).isTrue();
    }
  }
}
