package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttemptResourcesTest {
  @TempDir Path dir;

  @Test
  void runsShowReportsWhatEachAttemptUsedFromTheJvmAndFromTheEngine() throws Exception {
    TestProject project = TestProject.standard(dir).withEvents(20);
    Cli.Result run = project.run("2024-01-01", "2024-01-03");
    assertThat(run.exitCode()).as(run.all()).isZero();

    Cli.Result show = project.cli("runs", "show", "1", "--format", "json");
    assertThat(show.exitCode()).as(show.all()).isZero();
    JsonNode root = new ObjectMapper().readTree(show.out());
    List<JsonNode> staged = new ArrayList<>();
    for (JsonNode attempt : root.path("attempts")) {
      assertThat(attempt.has("queued_ms")).isTrue();
      assertThat(attempt.path("engine_cpu_ms").asLong(-1)).isNotNegative();
      if (attempt.path("asset").asText().equals("staging.stg_events")) {
        staged.add(attempt);
      }
    }
    // stg_events reads its day of raw.events (20 rows a day, 31 days in one row group).
    assertThat(staged).hasSize(3);
    for (JsonNode attempt : staged) {
      assertThat(attempt.path("rows").asLong()).isEqualTo(20);
      assertThat(attempt.path("rows_read").asLong()).isBetween(20L, 31L * 20);
      assertThat(attempt.path("bytes_scanned").asLong()).isPositive();
      assertThat(attempt.path("peak_memory_bytes").asLong()).isPositive();
    }

    Cli.Result text = project.cli("runs", "show", "1");
    assertThat(text.out()).contains("queued").contains("engine cpu").contains("scanned");
  }
}
